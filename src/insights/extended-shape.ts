/**
 * A descriptor's extended shape: its shape (shape-memo.ts) with each word that holds a digit kept
 * as "0" when it is one character long and "00" when longer. Everything descriptorWords and
 * readPayroll read from a descriptor is a function of this text (ids, dates and masked numbers
 * matter only as noise, and only whether they are one character or more), with one exception: a
 * capital run inside such a word ("abcDEF1"), which unglue splits into a word of letters. Those
 * descriptors have no extended shape, and are read as they are.
 */

const isDigit = (c: number) => (c - 48) >>> 0 < 10;
const isLetter = (c: number) => ((c | 32) - 97) >>> 0 < 26;
const isLower = (c: number) => (c - 97) >>> 0 < 26;
const isUpper = (c: number) => (c - 65) >>> 0 < 26;

/** The extended shape, or undefined when a word with a digit hides a capital run. */
export function extendedShape(name: string): string | undefined {
  let out = '';
  let copied = 0;
  const n = name.length;
  let i = 0;
  while (i < n) {
    const c = name.charCodeAt(i);
    if (!isDigit(c) && !isLetter(c)) {
      i++;
      continue;
    }
    const start = i;
    let digit = false;
    let split = false;
    for (; i < n; i++) {
      const d = name.charCodeAt(i);
      if (isDigit(d)) digit = true;
      else if (!isLetter(d)) break;
      else if (
        i > start &&
        i + 1 < n &&
        isLower(name.charCodeAt(i - 1)) &&
        isUpper(d) &&
        isUpper(name.charCodeAt(i + 1))
      )
        split = true;
    }
    if (!digit) continue;
    if (split) return undefined;
    out += name.slice(copied, start) + (i - start === 1 ? '0' : '00');
    copied = i;
  }
  return copied === 0 ? name : out + name.slice(copied);
}
