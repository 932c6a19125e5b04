import { PEER_TO_PEER } from './descriptor-lexicon.js';
import { nextStamp, type RunForm, StampedTable } from './vocabulary.js';

/**
 * What one account's descriptors say about their own words, whatever the bank: which words are its
 * boilerplate, and which appear in one transaction only (ids made of letters). Keys leave both out.
 * Words are the run's word ids; the tables are stamped per account (vocabulary.ts).
 */

/**
 * Words a bank writes around every counterparty are boilerplate, whatever the bank: a word found in
 * this many different descriptor forms of one account (a card prefix, the holder's name)...
 */
const BOILERPLATE_FORMS = 5;
/** ...or a leading word followed by this many different words (VISA DDA PUR <merchant>). */
const PREFIX_CONTINUATIONS = 3;

/** Per word: in how many of the account's transactions it appears. */
const usesTable = new StampedTable();
/** Per word: in how many different form texts; 1 when learned as boilerplate (a stamp of its own). */
const formCounts = new StampedTable();
const learnedTable = new StampedTable();
/** Per form text: seen in this account. */
const seenTexts = new StampedTable();
/** Per word: how many different words follow it as a leading word, in one round of learnPrefixes. */
const continuations = new StampedTable();

/** What an account's descriptors say about their own words. */
export class AccountWords {
  constructor(private readonly stamp: number) {}

  /** Boilerplate this bank writes (see BOILERPLATE_FORMS and PREFIX_CONTINUATIONS). */
  learned(word: number): boolean {
    return learnedTable.get(word, this.stamp) === 1;
  }

  /** In how many of the account's transactions the word appears. */
  uses(word: number): number {
    return usesTable.get(word, this.stamp);
  }

  learn(word: number): void {
    learnedTable.set(word, this.stamp, 1);
  }
}

/** A pair of word ids as one number (ids under 2^26) or text. */
const PAIR = 2 ** 26;
const pairOf = (first: number, next: number) =>
  first < PAIR && next < PAIR ? first * PAIR + next : `${first} ${next}`;

/** The first word of a form after the learned ones, and the word after it: a leading word and a continuation. */
function learnPrefixes(forms: readonly RunForm[], account: AccountWords): void {
  for (let round = 0; round < 3; round++) {
    const stamp = nextStamp();
    // Leading word and continuation pairs, each once, and the leading words of those.
    const pairs = new Set<number | string>();
    const firsts: number[] = [];
    for (const form of forms) {
      const words = form.wordIds;
      let i = 0;
      while (i < words.length && account.learned(words[i] as number)) i++;
      if (i + 1 >= words.length) continue;
      const first = words[i] as number;
      const pair = pairOf(first, words[i + 1] as number);
      if (pairs.has(pair)) continue;
      pairs.add(pair);
      firsts.push(first);
      continuations.set(first, stamp, continuations.get(first, stamp) + 1);
    }
    let added = false;
    for (const first of firsts) {
      if (continuations.get(first, stamp) >= PREFIX_CONTINUATIONS && !account.learned(first)) {
        account.learn(first);
        added = true;
      }
    }
    if (!added) return;
  }
}

/** What an account's descriptor forms (one per shape, first seen first, with their entry counts) say. */
export function learnWords(forms: readonly RunForm[], counts: readonly number[]): AccountWords {
  const stamp = nextStamp();
  const account = new AccountWords(stamp);
  const fresh: RunForm[] = [];
  for (let f = 0; f < forms.length; f++) {
    const form = forms[f] as RunForm;
    const n = counts[f] as number;
    const isFresh = seenTexts.get(form.textId, stamp) === 0;
    if (isFresh) {
      seenTexts.set(form.textId, stamp, 1);
      fresh.push(form);
    }
    const words = form.wordIds;
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as number;
      if (words.indexOf(word) !== i) continue;
      usesTable.set(word, stamp, usesTable.get(word, stamp) + n);
      if (!isFresh) continue;
      const texts = formCounts.get(word, stamp) + 1;
      formCounts.set(word, stamp, texts);
      if (texts >= BOILERPLATE_FORMS) account.learn(word);
    }
  }
  learnPrefixes(fresh, account);
  return account;
}

/** Forms longer than this many words have no skip mask. */
export const MASK_WORDS = 30;

/**
 * The words (by index, as bits) a descriptor form's key leaves out: the bank's boilerplate, and
 * words found in no other transaction of the account when the form has others that are: an order
 * or confirmation number of letters only (BARKBOX*MFRMMEDOLN, Zelle Conf# OFNATCVLUL; Hannah Kim),
 * a city that changes. -1 for a form of more than MASK_WORDS words.
 */
export function skipMask(d: RunForm, account: AccountWords): number {
  const ids = d.wordIds;
  if (ids.length > MASK_WORDS) return -1;
  let learned = 0;
  let once = 0;
  let anchored = false;
  for (let i = 0; i < ids.length; i++) {
    const word = ids[i] as number;
    if (account.learned(word)) learned |= 1 << i;
    else if (account.uses(word) < 2) once |= 1 << i;
    // A form with no person-to-person word (most) has nothing to look up.
    else if (!d.peerToPeer || !PEER_TO_PEER.has(d.words[i] as string)) anchored = true;
  }
  return anchored ? learned | once : learned;
}

/** skipMask as a function of a word's index, for any length of form. */
export function skipOf(d: RunForm, account: AccountWords): (index: number) => boolean {
  const ids = d.wordIds;
  const once = (i: number) => account.uses(ids[i] as number) < 2;
  let anchored = false;
  for (let i = 0; i < ids.length; i++) {
    const peer = d.peerToPeer && PEER_TO_PEER.has(d.words[i] as string);
    if (!peer && !account.learned(ids[i] as number) && !once(i)) anchored = true;
  }
  return anchored
    ? (i) => account.learned(ids[i] as number) || once(i)
    : (i) => account.learned(ids[i] as number);
}

/**
 * A descriptor's words as a set (order aside): "Direct Deposit - Acme" and "Acme Direct Dep" meet.
 * The distinct words kept (`skip` is given a word's index), in code-unit order, joined by spaces.
 */
export function wordSet(d: { words: readonly string[] }, skip?: (index: number) => boolean): string {
  const kept: string[] = [];
  for (let i = 0; i < d.words.length; i++) {
    if (skip?.(i)) continue;
    const word = d.words[i] as string;
    let at = kept.length;
    while (at > 0 && word < (kept[at - 1] as string)) at--;
    if (at > 0 && kept[at - 1] === word) continue;
    kept.splice(at, 0, word);
  }
  return kept.join(' ');
}
