import { parseDay } from './day.js';
import { type DescriptorWords, descriptorWords, keyOf, memoize } from './descriptor.js';
import { type PayrollReading, readPayroll } from './employer-name.js';
import type { InsightTransaction } from './insights.types.js';

/**
 * The first step both detectors share: each account's transactions in date order, each with its day
 * number, its size and direction, and the group it belongs to. A group is one counterparty in one
 * direction: charges whose descriptors normalise alike, joined with those Plaid gave the same
 * merchant name (so "NETFLIX.COM 866-579" and "Netflix" meet), except on person-to-person rails,
 * where the merchant (Venmo, Zelle) says nothing about who was paid, and for inflows.
 */

export interface Entry {
  tx: InsightTransaction;
  day: number;
  /** The amount's size; `inflow` says which way it went. */
  size: number;
  inflow: boolean;
}

export interface AccountHistory {
  accountId: string;
  entries: Entry[];
  /** Groups of entries (each in date order): one counterparty, one direction. */
  groups: Entry[][];
}

export interface History {
  accounts: AccountHistory[];
}

/** A pending transaction that a posted one has replaced is the same money: only the posted one counts. */
function replacedPendingIds(transactions: readonly InsightTransaction[]): Set<string> {
  const replaced = new Set<string>();
  for (const tx of transactions) if (tx.pending_transaction_id) replaced.add(tx.pending_transaction_id);
  return replaced;
}

/** Each account's usable transactions up to the as-of day (later ones have not happened yet). */
function byAccount(transactions: readonly InsightTransaction[], asOf: number): Map<string, Entry[]> {
  const replaced = replacedPendingIds(transactions);
  const map = new Map<string, Entry[]>();
  for (const tx of transactions) {
    const day = parseDay(tx.date);
    if (!(day <= asOf) || !Number.isFinite(tx.amount) || tx.amount === 0) continue;
    if (tx.pending && replaced.has(tx.transaction_id)) continue;
    let list = map.get(tx.account_id);
    if (!list) {
      list = [];
      map.set(tx.account_id, list);
    }
    list.push({ tx, day, size: Math.abs(tx.amount), inflow: tx.amount < 0 });
  }
  return map;
}

/** Union-find over group labels, local to one account. */
class Labels {
  private readonly ids = new Map<string, number>();
  private readonly parent: number[] = [];

  id(label: string): number {
    let id = this.ids.get(label);
    if (id === undefined) {
      id = this.parent.length;
      this.ids.set(label, id);
      this.parent.push(id);
    }
    return id;
  }

  root(id: number): number {
    let node = id;
    while (this.parent[node] !== node) {
      const up = this.parent[node] ?? node;
      this.parent[node] = this.parent[up] ?? up;
      node = up;
    }
    return node;
  }

  union(a: number, b: number): void {
    const ra = this.root(a);
    const rb = this.root(b);
    if (ra !== rb) this.parent[rb] = ra;
  }
}

export interface Keys {
  words: (name: string) => DescriptorWords;
  peerToPeer: (name: string) => boolean;
  payroll: (name: string) => PayrollReading;
}

/** Memoised for one run: the same descriptors recur across accounts. */
export function createKeys(): Keys {
  const words = memoize(descriptorWords);
  return { words, peerToPeer: (name) => words(name).peerToPeer, payroll: memoize(readPayroll) };
}

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

function learnBoilerplate(entries: readonly Entry[], keys: Keys): Set<string> {
  const seen = new Set<string>();
  const forms: string[][] = [];
  const counts = new Map<string, number>();
  for (const { tx } of entries) {
    const d = keys.words(tx.name);
    if (seen.has(d.form)) continue;
    seen.add(d.form);
    forms.push(d.words);
    for (let i = 0; i < d.words.length; i++) {
      const word = d.words[i] as string;
      if (d.words.indexOf(word) === i) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  const learned = new Set<string>();
  for (const [word, count] of counts) if (count >= BOILERPLATE_FORMS) learned.add(word);
  learnPrefixes(forms, learned);
  return learned;
}

/** A descriptor's words as a set (order aside): "Direct Deposit - Acme" and "Acme Direct Dep" meet. */
function wordSet(d: DescriptorWords, skip: ReadonlySet<string>): string {
  const words = [...new Set(d.words.filter((w) => !skip.has(w)))].sort();
  return words.join(' ');
}

/**
 * The labels an entry joins its group by: its key, its word set, and for a payroll-like deposit
 * the employer it names (ULTIPRO MAGNOLIA CAFE and UKG PRO MAGNOLIA CAFE are one paycheck); for a
 * purchase also its merchant name. Inflows do not join by merchant name: a payroll provider as
 * merchant name would join two employers.
 */
function labelEntry(entry: Entry, keys: Keys, skip: ReadonlySet<string>, labels: Labels): number {
  const { tx, inflow } = entry;
  const side = inflow ? 'i' : 'o';
  const d = keys.words(tx.name);
  const id = labels.id(side + keyOf(d, skip));
  if (d.words.length > 1) labels.union(id, labels.id(`${side}w${wordSet(d, skip)}`));
  if (inflow) {
    const reading = keys.payroll(tx.name);
    if (reading.employerKey && (reading.payWord || reading.provider) && !reading.notPay) {
      labels.union(id, labels.id(`ie${reading.employerKey}`));
    }
  } else if (tx.merchant_name && !d.peerToPeer) {
    labels.union(id, labels.id(`om${keyOf(keys.words(tx.merchant_name))}`));
  }
  return id;
}

function groupEntries(entries: readonly Entry[], keys: Keys): Entry[][] {
  const skip = learnBoilerplate(entries, keys);
  const labels = new Labels();
  const labelOf = new Int32Array(entries.length);
  for (let i = 0; i < entries.length; i++) labelOf[i] = labelEntry(entries[i] as Entry, keys, skip, labels);
  const groups = new Map<number, Entry[]>();
  for (let i = 0; i < entries.length; i++) {
    const root = labels.root(labelOf[i] ?? 0);
    let group = groups.get(root);
    if (!group) {
      group = [];
      groups.set(root, group);
    }
    group.push(entries[i] as Entry);
  }
  return [...groups.values()];
}

export function buildHistory(
  transactions: readonly InsightTransaction[],
  asOf: number,
  keys: Keys = createKeys(),
): History {
  const map = byAccount(transactions, asOf);
  const accounts: AccountHistory[] = [];
  for (const [accountId, entries] of map) {
    entries.sort((a, b) => a.day - b.day || (a.tx.transaction_id < b.tx.transaction_id ? -1 : 1));
    accounts.push({ accountId, entries, groups: groupEntries(entries, keys) });
  }
  accounts.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  return { accounts };
}
