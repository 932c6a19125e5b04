import { parseDay } from './day.js';
import { type AccountWords, learnWords, skipOf, wordSet } from './account-words.js';
import { type DescriptorWords, descriptorWords, keyOf, memoize, memoizeByShape } from './descriptor.js';
import { mayBePayroll, type PayrollReading, readPayroll } from './employer-name.js';
import { isEverydayTransaction } from './stream-candidate.js';
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
  /** Everyday spending (food, shops, fuel; in a store when there is no category). */
  everyday: boolean;
  /** The descriptor's words (one object per descriptor shape, so it doubles as an identity). */
  words: DescriptorWords;
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
function byAccount(
  transactions: readonly InsightTransaction[],
  asOf: number,
  keys: Keys,
): Map<string, Entry[]> {
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
    list.push({
      tx,
      day,
      size: Math.abs(tx.amount),
      inflow: tx.amount < 0,
      everyday: keys.everyday(tx),
      words: keys.words(tx.name),
    });
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
  /** A merchant name's key (merchant names are clean: no boilerplate to learn). */
  merchant: (name: string) => string;
  everyday: (tx: InsightTransaction) => boolean;
}

/** Memoised for one run: the same descriptors recur across accounts. */
export function createKeys(): Keys {
  const words = memoizeByShape(descriptorWords);
  return {
    words,
    peerToPeer: (name) => words(name).peerToPeer,
    payroll: memoizeByShape(readPayroll),
    merchant: memoize((name) => keyOf(words(name))),
    everyday: everydayByCategory(),
  };
}

/** isEverydayTransaction, remembered per category (there are a hundred or so). */
function everydayByCategory(): (tx: InsightTransaction) => boolean {
  const byDetailed = new Map<string, boolean>();
  return (tx) => {
    const detailed = tx.personal_finance_category?.detailed;
    if (detailed === undefined) return isEverydayTransaction(tx);
    let everyday = byDetailed.get(detailed);
    if (everyday === undefined) byDetailed.set(detailed, (everyday = isEverydayTransaction(tx)));
    return everyday;
  };
}

/** The labels of a descriptor form: its key and, with two words or more, its word set. */
function labelForm(d: DescriptorWords, side: string, account: AccountWords, labels: Labels): number {
  const skip = skipOf(d, account);
  const id = labels.id(side + keyOf(d, skip));
  // A set of two words or more; fewer says nothing the key does not (and none would join everything).
  const set = d.words.length > 1 ? wordSet(d, skip) : '';
  if (set.includes(' ')) labels.union(id, labels.id(`${side}w${set}`));
  return id;
}

/** Per account: each descriptor's and merchant name's label, worked out once. */
interface LabelCache {
  inflows: Map<DescriptorWords, number>;
  outflows: Map<DescriptorWords, number>;
  /** Per merchant name its label, -1 for none (a payroll provider). */
  inflowMerchants: Map<string, number>;
  outflowMerchants: Map<string, number>;
}

/**
 * The labels an entry joins its group by: its key, its word set, for a payroll-like deposit the
 * employer it names (ULTIPRO MAGNOLIA CAFE and UKG PRO MAGNOLIA CAFE are one paycheck, and so are
 * names cut at different lengths), and its merchant name, unless that is a payroll provider (which
 * would join two employers) or the charge went over a person-to-person rail.
 */
function labelEntry(
  entry: Entry,
  keys: Keys,
  account: AccountWords,
  labels: Labels,
  cache: LabelCache,
): number {
  const { tx, inflow, words: d } = entry;
  const byWords = inflow ? cache.inflows : cache.outflows;
  let id = byWords.get(d);
  if (id === undefined) {
    id = labelForm(d, inflow ? 'i' : 'o', account, labels);
    if (inflow && mayBePayroll(d.words)) {
      const reading = keys.payroll(tx.name);
      if (reading.employerKey && (reading.payWord || reading.provider) && !reading.notPay) {
        labels.union(id, labels.id(`ie${reading.employerKey.split(' ', 2).slice(0, 2).join(' ')}`));
      }
    }
    byWords.set(d, id);
  }
  if (tx.merchant_name && !d.peerToPeer) {
    const merchants = inflow ? cache.inflowMerchants : cache.outflowMerchants;
    let merchant = merchants.get(tx.merchant_name);
    if (merchant === undefined) {
      // An inflow's merchant name may be its payroll provider, which would join two employers.
      const provider = inflow && keys.payroll(tx.merchant_name).provider !== null;
      merchant = provider ? -1 : labels.id(`${inflow ? 'i' : 'o'}m${keys.merchant(tx.merchant_name)}`);
      merchants.set(tx.merchant_name, merchant);
    }
    if (merchant >= 0) labels.union(id, merchant);
  }
  return id;
}

function groupEntries(entries: readonly Entry[], keys: Keys): Entry[][] {
  const account = learnWords(entries);
  const labels = new Labels();
  // A plain array: a small typed array costs more to make than its few stores save.
  const labelOf: number[] = [];
  const cache: LabelCache = {
    inflows: new Map(),
    outflows: new Map(),
    inflowMerchants: new Map(),
    outflowMerchants: new Map(),
  };
  for (let i = 0; i < entries.length; i++)
    labelOf.push(labelEntry(entries[i] as Entry, keys, account, labels, cache));
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
  const map = byAccount(transactions, asOf, keys);
  const accounts: AccountHistory[] = [];
  for (const [accountId, entries] of map) {
    entries.sort((a, b) => a.day - b.day || (a.tx.transaction_id < b.tx.transaction_id ? -1 : 1));
    accounts.push({ accountId, entries, groups: groupEntries(entries, keys) });
  }
  accounts.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  return { accounts };
}
