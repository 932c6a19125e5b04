import { parseDay } from './day.js';
import { keyOf, memoize } from './descriptor.js';
import { type PayrollReading, readProvider } from './employer-name.js';
import { groupEntries } from './grouping.js';
import {
  beginRun,
  nextStamp,
  formPayroll,
  readForm,
  RunForm,
  type SharedForm,
  type SharedTables,
  type Vocabulary,
} from './vocabulary.js';
import type { InsightTransaction } from './insights.types.js';

/**
 * The first step both detectors share: each account's transactions in date order, each with its day
 * number, its size and direction, and the group it belongs to (grouping.ts). It runs once per
 * transaction, so it reads each field once and keeps to plain loops.
 */

export interface Entry {
  tx: InsightTransaction;
  day: number;
  /** The amount's size; `inflow` says which way it went. */
  size: number;
  inflow: boolean;
  /**
   * Everyday spending (food, shops, fuel; in a store when there is no category): 1 or 0, or -1 until
   * first asked (stream-candidate.ts reads it only for the votes that decide a group).
   */
  everyday: number;
  /** The descriptor's words (one object per descriptor shape and run, so it doubles as an identity). */
  words: RunForm;
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
function replacedPendingIds(transactions: readonly InsightTransaction[]): Set<string> | undefined {
  let replaced: Set<string> | undefined;
  for (let i = 0; i < transactions.length; i++) {
    const id = (transactions[i] as InsightTransaction).pending_transaction_id;
    if (id) (replaced ??= new Set()).add(id);
  }
  return replaced;
}

interface AccountEntries {
  accountId: string;
  entries: Entry[];
}

/** The account's list: a person has a handful of accounts, so a scan beats hashing the id per charge. */
function accountOf(accounts: AccountEntries[], accountId: string): Entry[] {
  for (let i = 0; i < accounts.length; i++) {
    const account = accounts[i] as AccountEntries;
    if (account.accountId === accountId) return account.entries;
  }
  const entries: Entry[] = [];
  accounts.push({ accountId, entries });
  return entries;
}

/** Each account's usable transactions up to the as-of day (later ones have not happened yet). */
function byAccount(transactions: readonly InsightTransaction[], asOf: number, keys: Keys): AccountEntries[] {
  const replaced = replacedPendingIds(transactions);
  const accounts: AccountEntries[] = [];
  // A string from the start, so the comparison below sees strings only.
  let lastId = '';
  let last: Entry[] | undefined;
  // Charges come in date order, so most share the previous one's date.
  let lastDate = '';
  let lastDay = Number.NaN;
  for (let i = 0; i < transactions.length; i++) {
    const tx = transactions[i] as InsightTransaction;
    if (tx.date !== lastDate) {
      lastDate = tx.date;
      lastDay = parseDay(lastDate);
    }
    const day = lastDay;
    const amount = tx.amount;
    if (!(day <= asOf) || !Number.isFinite(amount) || amount === 0) continue;
    if (replaced && tx.pending && replaced.has(tx.transaction_id)) continue;
    if (last === undefined || tx.account_id !== lastId) {
      lastId = tx.account_id;
      last = accountOf(accounts, lastId);
    }
    last.push({
      tx,
      day,
      size: Math.abs(amount),
      inflow: amount < 0,
      everyday: -1,
      words: keys.words(tx.name),
    });
  }
  return accounts;
}

/** Date order, and transaction id order within a day (as plain code-unit comparison). */
const byDayThenId = (a: Entry, b: Entry) =>
  a.day - b.day || (a.tx.transaction_id < b.tx.transaction_id ? -1 : 1);

let dayCounts = new Int32Array(1024);

/**
 * Sorts an account's entries by byDayThenId: entries already in date order either way are only
 * turned the right way round; others are counted by day (an account spans some hundreds of days).
 * Then each day's few entries go by id. Dates far apart, or one id twice on a day (where the
 * comparator is not a total order), take the general sort, which gives the same order.
 */
function sortEntries(entries: Entry[]): Entry[] {
  const n = entries.length;
  let min = Infinity;
  let max = -Infinity;
  // Whether the days never rise, or never fall (Plaid lists newest first; a sync page may be oldest first).
  let falling = true;
  let rising = true;
  let previous = n > 0 ? (entries[0] as Entry).day : 0;
  for (let i = 0; i < n; i++) {
    const day = (entries[i] as Entry).day;
    if (day < min) min = day;
    if (day > max) max = day;
    if (day > previous) falling = false;
    else if (day < previous) rising = false;
    previous = day;
  }
  // Already in date order one way or the other: only each day's run needs its id order.
  if (n > 1 && (rising || falling)) {
    const sorted = entries.slice();
    if (!rising) sorted.reverse();
    return sortDaysById(sorted) ? sorted : entries.sort(byDayThenId);
  }
  const range = max - min + 1;
  if (n < 2 || range > 4 * n + 4096) return entries.sort(byDayThenId);
  if (dayCounts.length <= range) dayCounts = new Int32Array(range * 2);
  const counts = dayCounts.fill(0, 0, range + 1);
  for (let i = 0; i < n; i++) {
    const d = (entries[i] as Entry).day - min + 1;
    counts[d] = (counts[d] as number) + 1;
  }
  for (let d = 1; d <= range; d++) counts[d] = (counts[d] as number) + (counts[d - 1] as number);
  const sorted = entries.slice();
  for (let i = 0; i < n; i++) {
    const entry = entries[i] as Entry;
    const d = entry.day - min;
    const at = counts[d] as number;
    counts[d] = at + 1;
    sorted[at] = entry;
  }
  return sortDaysById(sorted) ? sorted : entries.sort(byDayThenId);
}

/** Sorts each day's run of entries by id (insertion sort: a day has a few); false on a repeated id. */
function sortDaysById(sorted: Entry[]): boolean {
  for (let i = 1; i < sorted.length; i++) {
    const entry = sorted[i] as Entry;
    const id = entry.tx.transaction_id;
    let j = i - 1;
    for (; j >= 0; j--) {
      const other = sorted[j] as Entry;
      if (other.day !== entry.day) break;
      const otherId = other.tx.transaction_id;
      if (otherId === id) return false;
      if (otherId < id) break;
      sorted[j + 1] = other;
    }
    sorted[j + 1] = entry;
  }
  return true;
}

export interface Keys {
  words: (name: string) => RunForm;
  /** The payroll reading of a descriptor form (the run's first descriptor of its shape). */
  payroll: (form: RunForm) => PayrollReading;
  /** `payroll(words(name)).provider`, without reading the rest of the descriptor. */
  provider: (name: string) => string | null;
  /** A merchant name's key (merchant names are clean: no boilerplate to learn). */
  merchant: (name: string) => string;
  /** Words, forms and group labels as numbers (shared by the runs). */
  vocabulary: Vocabulary;
  /** Per merchant name without digits, its group labels (grouping.ts; shared by the runs). */
  sharedMerchants: SharedTables['merchants'];
  /** Per other merchant name, its group label, for inflows and outflows. */
  inflowMerchants: Map<string, number>;
  outflowMerchants: Map<string, number>;
}

/** Memoised for one run (shape-memo.ts): the same descriptors recur across accounts. */
export function createKeys(): Keys {
  const { vocabulary, merchants, shapes } = beginRun();
  const run = nextStamp();
  let forms = 0;
  const newForm = (name: string, reading: SharedForm | undefined) =>
    new RunForm(reading ?? readForm(name, vocabulary), forms++, name);
  const words = (name: string) => shapes.get(name, run, newForm);
  return {
    words,
    // The first descriptor of a shape stands for it; it is read in full only when asked.
    payroll: (form) => (form.payroll ??= formPayroll(form)),
    provider: (name) => {
      const form = words(name);
      if (form.payroll) return form.payroll.provider;
      return form.provider === undefined ? (form.provider = readProvider(form.name)) : form.provider;
    },
    merchant: memoize((name) => keyOf(words(name))),
    vocabulary,
    sharedMerchants: merchants,
    inflowMerchants: new Map(),
    outflowMerchants: new Map(),
  };
}

export function buildHistory(
  transactions: readonly InsightTransaction[],
  asOf: number,
  keys: Keys = createKeys(),
): History {
  const accounts: AccountHistory[] = [];
  for (const { accountId, entries: unsorted } of byAccount(transactions, asOf, keys)) {
    const entries = sortEntries(unsorted);
    accounts.push({ accountId, entries, groups: groupEntries(entries, keys) });
  }
  accounts.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  return { accounts };
}
