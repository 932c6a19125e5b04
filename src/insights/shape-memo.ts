/*
 * A descriptor's shape: the descriptor with every word that holds a digit (an id, a date, a masked
 * or store number) reduced to one "0". Two charges that differ only there have one shape, and all
 * descriptor.ts and the payroll reader derive from a descriptor is read once per shape and run.
 */

/** The second half of shapeHash's 64-bit fingerprint (a variable, not an object: this runs per charge). */
let shapeHash2 = 0;

const isDigit = (c: number) => (c - 48) >>> 0 < 10;
/** A-Z or a-z: setting bit 5 lower-cases a capital and moves nothing else into a-z. */
const isLetter = (c: number) => ((c | 32) - 97) >>> 0 < 26;

/**
 * Two 32-bit FNV-1a hashes of the name's shape (different offsets and primes), computed without
 * building it: the first is returned, the second left in shapeHash2. Two shapes sharing all 64 bits
 * among one person's few hundred descriptors is not a chance worth a string comparison per charge.
 * A word is hashed as it is read; one that turns out to hold a digit is rewound and hashed as "0".
 */
function shapeHash(name: string): number {
  let h = 0x811c9dc5;
  let g = 0x050c5d1f;
  const n = name.length;
  let i = 0;
  while (i < n) {
    let c = name.charCodeAt(i);
    if (isDigit(c) || isLetter(c)) {
      const wordH = h;
      const wordG = g;
      let digit = false;
      for (; i < n; i++) {
        c = name.charCodeAt(i);
        if (isDigit(c)) digit = true;
        else if (!isLetter(c)) break;
        else if (!digit) {
          h = Math.imul(h ^ c, 0x01000193);
          g = Math.imul(g ^ c, 0x5bd1e995);
        }
      }
      if (digit) {
        h = Math.imul(wordH ^ 48, 0x01000193);
        g = Math.imul(wordG ^ 48, 0x5bd1e995);
      }
      continue;
    }
    h = Math.imul(h ^ c, 0x01000193);
    g = Math.imul(g ^ c, 0x5bd1e995);
    i++;
  }
  shapeHash2 = g;
  return h;
}

/**
 * A function of a descriptor's shape, memoised for one run: charges that differ only in ids and
 * dates are read once (the first name of a shape stands for it), and looking one up costs a scan
 * of its characters, not a new string. An open-addressed table over plain arrays.
 */
export class ShapeMemo<T> {
  private mask = 31;
  private size = 0;
  private hashes: number[] = new Array<number>(32).fill(0);
  private checks: number[] = new Array<number>(32).fill(0);
  private values: Array<T | undefined> = new Array<T | undefined>(32).fill(undefined);

  constructor(private readonly fn: (name: string) => T) {}

  get(name: string): T {
    const hash = shapeHash(name);
    const check = shapeHash2;
    let slot = hash & this.mask;
    for (;;) {
      const value = this.values[slot];
      if (value === undefined) break;
      if (this.hashes[slot] === hash && this.checks[slot] === check) return value;
      slot = (slot + 1) & this.mask;
    }
    const value = this.fn(name);
    this.hashes[slot] = hash;
    this.checks[slot] = check;
    this.values[slot] = value;
    if (++this.size * 2 > this.mask) this.grow();
    return value;
  }

  private grow(): void {
    const { hashes, checks, values } = this;
    const length = (this.mask + 1) * 2;
    this.mask = length - 1;
    this.hashes = new Array<number>(length).fill(0);
    this.checks = new Array<number>(length).fill(0);
    this.values = new Array<T | undefined>(length).fill(undefined);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === undefined) continue;
      let slot = (hashes[i] as number) & this.mask;
      while (this.values[slot] !== undefined) slot = (slot + 1) & this.mask;
      this.hashes[slot] = hashes[i] as number;
      this.checks[slot] = checks[i] as number;
      this.values[slot] = value;
    }
  }
}
