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
  const text = name.toLowerCase();
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

/** CASH APP is one rail, whatever the spacing. */
function joinRails(tokens: string[]): string[] {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const next = tokens[i + 1];
    if ((tokens[i] === 'cash' || tokens[i] === 'apple') && (next === 'app' || next === 'cash')) {
      tokens.splice(i, 2, tokens[i] === 'cash' ? 'cashapp' : 'applecash');
    }
  }
  return tokens;
}

function isTrailingState(tokens: string[], i: number): boolean {
  const token = tokens[i] ?? '';
  if (token.length !== 2 || !US_STATES.has(token)) return false;
  for (let j = i + 1; j < tokens.length; j++) if (!hasDigit(tokens[j] ?? '')) return false;
  return true;
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

export function descriptorWords(name: string): DescriptorWords {
  const tokens = joinRails(tokenize(name));
  const words: string[] = [];
  const afterNoise: boolean[] = [];
  let peerToPeer = false;
  let noise = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (token.length > 1 && isNoiseToken(token)) noise = true;
    if (isNoiseToken(token) || BOILERPLATE.has(token)) continue;
    if (words.length > 0 && isTrailingState(tokens, i)) continue;
    if (PEER_TO_PEER.has(token)) peerToPeer = true;
    words.push(token);
    afterNoise.push(noise);
    noise = false;
  }
  const plain = tokens.filter((token) => !isNoiseToken(token)).slice(0, 4);
  const fallback = plain.length > 0 ? `~${plain.join(' ')}` : `~${name.trim().toLowerCase()}`;
  return { words, afterNoise, form: words.join(' '), fallback, peerToPeer };
}

/**
 * The grouping key: the first two words (three on a person-to-person rail: the rail and the
 * person) that are not in `skip`, a set of words this account's descriptors use as boilerplate,
 * stopping at an id or number once a word is kept (STARBUCKS STORE 08412 SEATTLE WA: starbucks).
 */
export function keyOf(d: DescriptorWords, skip?: ReadonlySet<string>): string {
  const limit = d.peerToPeer ? KEY_WORDS + 1 : KEY_WORDS;
  let key = '';
  let count = 0;
  for (let i = 0; i < d.words.length; i++) {
    const word = d.words[i] as string;
    if (skip?.has(word) && !PEER_TO_PEER.has(word)) continue;
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

/** Memoises a string function for one run: descriptors repeat across an account's history. */
export function memoize<T>(fn: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  return (text) => {
    let value = cache.get(text);
    if (value === undefined) {
      value = fn(text);
      cache.set(text, value);
    }
    return value;
  };
}
