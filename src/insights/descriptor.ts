import { BOILERPLATE, PEER_TO_PEER, US_STATES } from './descriptor-lexicon.js';

/**
 * Descriptor normalisation. A bank descriptor carries who was paid plus noise that changes from one
 * charge to the next (ids, dates, masked numbers, store numbers, phone numbers) and boilerplate that
 * says how the money moved. The key keeps the first two words of who was paid, which is enough to
 * keep one merchant's charges together and unrelated merchants apart; two streams at one merchant are
 * told apart later, by amount and cadence.
 */

/** Words of a key (three for a person-to-person payment: the rail and the person's name). */
const KEY_WORDS = 2;

/** Lower-cased alphanumeric words; an apostrophe or ampersand inside a word joins (JOE'S, AT&T, PG&E). */
export function tokenize(name: string): string[] {
  const text = unglue(name).toLowerCase();
  const tokens: string[] = [];
  let start = -1;
  let joined = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    if (alnum) {
      if (start < 0) start = i;
      continue;
    }
    if ((c === 39 || c === 38 || c === 8217) && start >= 0 && isAlnumAt(text, i + 1)) {
      joined = true;
      continue;
    }
    if (start >= 0) {
      const token = text.slice(start, i);
      tokens.push(joined ? token.replace(/['&\u2019]/g, '') : token);
      start = -1;
      joined = false;
    }
  }
  return tokens;
}

const isLower = (c: number) => c >= 97 && c <= 122;
const isUpper = (c: number) => c >= 65 && c <= 90;

/**
 * A word in capitals glued to a capitalised one is two words ("ACH Electronic CreditGUSTO PAY"):
 * a space goes between. A brand's own camel case (PayPal, DoorDash) stays whole.
 */
function unglue(name: string): string {
  let out: string | undefined;
  let copied = 0;
  for (let i = 1; i + 1 < name.length; i++) {
    if (isLower(name.charCodeAt(i - 1)) && isUpper(name.charCodeAt(i)) && isUpper(name.charCodeAt(i + 1))) {
      out = `${out ?? ''}${name.slice(copied, i)} `;
      copied = i;
    }
  }
  return out === undefined ? name : out + name.slice(copied);
}

function isAlnumAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

export function hasDigit(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** XXXX, xxxxxx: what is left of a masked account number once its digits are gone. */
function isMask(token: string): boolean {
  if (token.length < 3) return false;
  for (let i = 0; i < token.length; i++) if (token.charCodeAt(i) !== 120) return false;
  return true;
}

/** A word that is noise in every descriptor: ids, dates, masks, single letters. */
export function isNoiseToken(token: string): boolean {
  return token.length < 2 || hasDigit(token) || isMask(token);
}

/** CASH APP and APPLE CASH are one rail each, whatever the spacing. */
function railOf(previous: string | undefined, token: string): string | undefined {
  if (previous === 'cash' && token === 'app') return 'cashapp';
  if (previous === 'apple' && token === 'cash') return 'applecash';
  return undefined;
}

/**
 * A descriptor's words: who was paid, in order, without noise, boilerplate or a trailing state.
 * `form` is those words joined (the descriptor as it reads once every changing part is gone);
 * `fallback` stands in when nothing but boilerplate is left (ONLINE TRANSFER TO SAV ...1234).
 */
export interface DescriptorWords {
  words: string[];
  /** Whether an id, number or date stood before the word: what follows one is a place or a person. */
  afterNoise: boolean[];
  form: string;
  fallback: string;
  peerToPeer: boolean;
}

/** Collects a descriptor's words as the scanner hands it tokens (see descriptorWords). */
class WordCollector {
  readonly words: string[] = [];
  readonly afterNoise: boolean[] = [];
  peerToPeer = false;
  private noise = false;
  /** A two-letter state is dropped when nothing but numbers follows it. */
  private wordyAfterLast = false;
  private previous = '';

  addNoise(length: number): void {
    if (length > 1) this.noise = true;
    this.previous = '';
  }

  addToken(token: string): void {
    const previous = this.previous;
    this.previous = token;
    let word = token;
    const rail = railOf(previous, token);
    if (rail) {
      if (this.words[this.words.length - 1] === previous) {
        this.words.pop();
        this.noise = this.afterNoise.pop() ?? this.noise;
      }
      word = rail;
    } else if (BOILERPLATE.has(token)) {
      this.wordyAfterLast = true;
      return;
    }
    if (PEER_TO_PEER.has(word)) this.peerToPeer = true;
    this.words.push(word);
    this.afterNoise.push(this.noise);
    this.noise = false;
    this.wordyAfterLast = false;
  }

  finish(): void {
    const last = this.words[this.words.length - 1];
    if (this.words.length > 1 && !this.wordyAfterLast && last?.length === 2 && US_STATES.has(last)) {
      this.words.pop();
      this.afterNoise.pop();
    }
  }
}

/**
 * One pass over the characters: tokens with a digit, single letters and masks (XXXX) are noise and
 * never become strings. This runs once per distinct descriptor, so it is kept lean.
 */
export function descriptorWords(name: string): DescriptorWords {
  const text = unglue(name).toLowerCase();
  const out = new WordCollector();
  let start = -1;
  let digits = 0;
  let xs = 0;
  let joined = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    const letter = c >= 97 && c <= 122;
    if (letter || (c >= 48 && c <= 57)) {
      if (start < 0) {
        start = i;
        digits = xs = 0;
      }
      if (!letter) digits++;
      else if (c === 120) xs++;
      continue;
    }
    if ((c === 39 || c === 38 || c === 8217) && start >= 0 && isAlnumAt(text, i + 1)) {
      joined = true;
      continue;
    }
    if (start < 0) continue;
    const length = i - start;
    if (digits > 0 || length < 2 || (xs === length && length >= 3)) out.addNoise(length);
    else out.addToken(joined ? text.slice(start, i).replace(/['&\u2019]/g, '') : text.slice(start, i));
    start = -1;
    joined = false;
  }
  out.finish();
  const { words, afterNoise, peerToPeer } = out;
  const fallback = words.length > 0 ? '' : fallbackOf(name, tokenize(name));
  return { words, afterNoise, form: words.join(' '), fallback, peerToPeer };
}

function fallbackOf(name: string, tokens: readonly string[]): string {
  const plain = tokens.filter((token) => !isNoiseToken(token)).slice(0, 4);
  return plain.length > 0 ? `~${plain.join(' ')}` : `~${name.trim().toLowerCase()}`;
}

/**
 * The grouping key: the first two words (three on a person-to-person rail: the rail and the
 * person) that `skip` (given a word's index) does not rule out (words this account's descriptors
 * use as boilerplate), stopping at an id or number once a word is kept (STARBUCKS STORE 08412
 * SEATTLE WA: starbucks).
 */
export function keyOf(d: DescriptorWords, skip?: (index: number) => boolean): string {
  const limit = d.peerToPeer ? KEY_WORDS + 1 : KEY_WORDS;
  let key = '';
  let count = 0;
  for (let i = 0; i < d.words.length; i++) {
    const word = d.words[i] as string;
    if (skip?.(i) && !PEER_TO_PEER.has(word)) continue;
    if (count > 0 && d.afterNoise[i] && !d.peerToPeer) break;
    key = count === 0 ? word : `${key} ${word}`;
    if (++count === limit) break;
  }
  return count > 0 ? key : d.words.length > 0 ? d.words.slice(0, limit).join(' ') : d.fallback;
}

/** The grouping key of a descriptor on its own (no account to learn boilerplate from). */
export function descriptorKey(name: string): string {
  return keyOf(descriptorWords(name));
}

/**
 * Memoises a string function: descriptors repeat across an account's history. Past `limit` texts
 * (for a memo that outlives a run, over input that may not be Plaid's) new ones are not kept.
 */
export function memoize<T>(fn: (text: string) => T, limit = Infinity): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = fn(text);
      if (cache.size < limit) cache.set(text, value);
    }
    return value;
  };
}
