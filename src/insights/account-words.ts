import { PEER_TO_PEER } from './descriptor-lexicon.js';
import type { DescriptorWords } from './descriptor.js';

/**
 * What one account's descriptors say about their own words, whatever the bank: which words are its
 * boilerplate, and which appear in one transaction only (ids made of letters). Keys leave both out.
 */

/**
 * Words a bank writes around every counterparty are boilerplate, whatever the bank: a word found in
 * this many different descriptor forms of one account (a card prefix, the holder's name)...
 */
const BOILERPLATE_FORMS = 5;
/** ...or a leading word followed by this many different words (VISA DDA PUR <merchant>). */
const PREFIX_CONTINUATIONS = 3;

function learnPrefixes(forms: ReadonlyArray<readonly string[]>, learned: Set<string>): void {
  for (let round = 0; round < 3; round++) {
    const continuations = new Map<string, Set<string>>();
    for (const words of forms) {
      let i = 0;
      while (i < words.length && learned.has(words[i] ?? '')) i++;
      const first = words[i];
      if (first === undefined || i + 1 >= words.length) continue;
      let next = continuations.get(first);
      if (!next) continuations.set(first, (next = new Set()));
      next.add(words[i + 1] ?? '');
    }
    let added = false;
    for (const [word, next] of continuations) {
      if (next.size >= PREFIX_CONTINUATIONS) {
        learned.add(word);
        added = true;
      }
    }
    if (!added) return;
  }
}

/** What an account's descriptors say about their own words. */
export interface AccountWords {
  /** Boilerplate this bank writes (see BOILERPLATE_FORMS and PREFIX_CONTINUATIONS). */
  learned: Set<string>;
  /** In how many of the account's transactions each word appears. */
  uses: Map<string, number>;
}

/** What an account's descriptor forms (one per shape, first seen first, with their entry counts) say. */
export function learnWords(descriptors: readonly DescriptorWords[], counts: readonly number[]): AccountWords {
  const seen = new Set<string>();
  const forms: string[][] = [];
  const formCounts = new Map<string, number>();
  const uses = new Map<string, number>();
  for (let f = 0; f < descriptors.length; f++) {
    const d = descriptors[f] as DescriptorWords;
    const n = counts[f] as number;
    const fresh = !seen.has(d.form);
    if (fresh) {
      seen.add(d.form);
      forms.push(d.words);
    }
    for (let i = 0; i < d.words.length; i++) {
      const word = d.words[i] as string;
      if (d.words.indexOf(word) !== i) continue;
      uses.set(word, (uses.get(word) ?? 0) + n);
      if (fresh) formCounts.set(word, (formCounts.get(word) ?? 0) + 1);
    }
  }
  const learned = new Set<string>();
  for (const [word, count] of formCounts) if (count >= BOILERPLATE_FORMS) learned.add(word);
  learnPrefixes(forms, learned);
  return { learned, uses };
}

/**
 * The words a descriptor form's key leaves out: the bank's boilerplate, and words found in no other
 * transaction of the account when the form has others that are: an order or confirmation number of
 * letters only (BARKBOX*MFRMMEDOLN, Zelle Conf# OFNATCVLUL; Hannah Kim), a city that changes.
 */
export function skipOf(d: DescriptorWords, account: AccountWords): (word: string) => boolean {
  const { learned, uses } = account;
  const once = (w: string) => (uses.get(w) ?? 0) < 2;
  const anchored = d.words.some((w) => !PEER_TO_PEER.has(w) && !learned.has(w) && !once(w));
  return anchored ? (w) => learned.has(w) || once(w) : (w) => learned.has(w);
}

/** Whether skipOf(d, account) leaves every word of the form in (most forms: then keys need no account). */
export function skipsNone(d: DescriptorWords, account: AccountWords): boolean {
  const { learned, uses } = account;
  let once = false;
  let anchored = false;
  for (let i = 0; i < d.words.length; i++) {
    const w = d.words[i] as string;
    if (learned.has(w)) return false;
    if ((uses.get(w) ?? 0) < 2) once = true;
    else if (!PEER_TO_PEER.has(w)) anchored = true;
  }
  return !(once && anchored);
}

/**
 * A descriptor's words as a set (order aside): "Direct Deposit - Acme" and "Acme Direct Dep" meet.
 * The distinct words kept, in code-unit order, joined by spaces.
 */
export function wordSet(d: DescriptorWords, skip?: (word: string) => boolean): string {
  const kept: string[] = [];
  for (const word of d.words) {
    if (skip?.(word)) continue;
    let at = kept.length;
    while (at > 0 && word < (kept[at - 1] as string)) at--;
    if (at > 0 && kept[at - 1] === word) continue;
    kept.splice(at, 0, word);
  }
  return kept.join(' ');
}
