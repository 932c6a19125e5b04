import { formatDay, parseDay } from './day.js';
import { type AccountHistory, buildHistory, createKeys, type History, type Keys } from './history.js';
import type {
  InsightOptions,
  InsightTransaction,
  RecurringResult,
  StreamAmount,
  TransactionStream,
} from './insights.types.js';
import { streamState } from './stream-state.js';
import { type Candidate, findStreams } from './streams.js';

/**
 * Recurring transaction detection: Plaid's /transactions/recurring/get answer (inflow and outflow
 * streams) computed from the transactions alone, with a confidence per stream.
 */

export interface DetectedStream {
  candidate: Candidate;
  stream: TransactionStream;
}

/** Base-36 digits. */
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** base36Pair's character codes (reused: this runs once per stream). */
const codes = new Array<number>(14).fill(0);

/** Two 32-bit values in base 36, seven digits each (36^7 > 2^32), zero-padded. */
function base36Pair(a: number, b: number): string {
  let x = a >>> 0;
  let y = b >>> 0;
  for (let k = 6; k >= 0; k--) {
    codes[k] = DIGITS.charCodeAt(x % 36);
    codes[k + 7] = DIGITS.charCodeAt(y % 36);
    x = Math.floor(x / 36);
    y = Math.floor(y / 36);
  }
  return String.fromCharCode(...codes);
}

/** The two FNV-1a hashes streamId runs (variables, not an object or array: this runs per stream). */
let hashA = 0;
let hashB = 0;

/** Mixes a part into both hashes, then a "|" to end it. */
function mixPart(part: string): void {
  let a = hashA;
  let b = hashB;
  for (let i = 0; i <= part.length; i++) {
    const c = i < part.length ? part.charCodeAt(i) : 124;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  hashA = a;
  hashB = b;
}

/** A deterministic, short id: two FNV-1a hashes over the stream's account, direction and first transaction. */
function streamId(accountId: string, direction: string, firstId: string): string {
  hashA = 0x811c9dc5;
  hashB = 0x01000193 ^ 0x5bd1e995;
  mixPart(accountId);
  mixPart(direction);
  mixPart(firstId);
  return base36Pair(hashA, hashB);
}

function amountOf(value: number, tx: InsightTransaction): StreamAmount {
  return {
    amount: Math.round(value * 100) / 100,
    iso_currency_code: tx.iso_currency_code ?? (tx.unofficial_currency_code ? null : 'USD'),
    unofficial_currency_code: tx.unofficial_currency_code ?? null,
  };
}

function presentStream(accountId: string, c: Candidate, asOf: number): TransactionStream {
  const last = c.entries[c.entries.length - 1]?.tx as InsightTransaction;
  const first = c.entries[0]?.tx as InsightTransaction;
  const state = streamState(c, asOf);
  let merchant: string | null = null;
  for (const { tx } of c.entries) merchant = tx.merchant_name ?? merchant;
  const sign = c.inflow ? -1 : 1;
  return {
    stream_id: streamId(accountId, c.inflow ? 'in' : 'out', first.transaction_id),
    account_id: accountId,
    description: last.name,
    merchant_name: merchant,
    category: last.category ?? null,
    category_id: last.category_id ?? null,
    personal_finance_category: last.personal_finance_category ?? null,
    first_date: first.date.slice(0, 10),
    last_date: last.date.slice(0, 10),
    predicted_next_date: state.nextDay === null ? null : formatDay(state.nextDay),
    frequency: c.fit.schedule.frequency,
    transaction_ids: c.entries.map((e) => e.tx.transaction_id),
    average_amount: amountOf(sign * c.meanSize, last),
    last_amount: amountOf(last.amount, last),
    is_active: state.isActive,
    status: state.status,
    is_user_modified: false,
    confidence: Math.round(c.confidence * 1000) / 1000,
  };
}

/** Streams below this confidence are left out: a missed stream costs less than an invented one. */
export const MIN_STREAM_CONFIDENCE = 0.5;

export function detectAccountStreams(account: AccountHistory, asOf: number): DetectedStream[] {
  const out: DetectedStream[] = [];
  const ctx = { asOf };
  for (const group of account.groups) {
    for (const candidate of findStreams(group, ctx)) {
      if (candidate.confidence < MIN_STREAM_CONFIDENCE) continue;
      out.push({ candidate, stream: presentStream(account.accountId, candidate, asOf) });
    }
  }
  return out;
}

/** The as-of day: the option when given, else the latest transaction's day. */
export function resolveAsOf(transactions: readonly InsightTransaction[], options: InsightOptions): number {
  if (options.asOf !== undefined) {
    const day = parseDay(options.asOf);
    if (Number.isNaN(day)) throw new RangeError(`asOf must be a YYYY-MM-DD date (got "${options.asOf}")`);
    return day;
  }
  let latest = Number.NaN;
  for (const tx of transactions) {
    const day = parseDay(tx.date);
    if (!Number.isNaN(day) && !(day <= latest)) latest = day;
  }
  if (Number.isNaN(latest)) throw new RangeError('asOf is needed when there are no dated transactions');
  return latest;
}

export function presentRecurring(streams: readonly DetectedStream[], asOf: number): RecurringResult {
  const byDate = (a: DetectedStream, b: DetectedStream) =>
    a.stream.account_id.localeCompare(b.stream.account_id) ||
    a.stream.first_date.localeCompare(b.stream.first_date) ||
    a.stream.stream_id.localeCompare(b.stream.stream_id);
  const sorted = [...streams].sort(byDate);
  return {
    inflow_streams: sorted.filter((s) => s.candidate.inflow).map((s) => s.stream),
    outflow_streams: sorted.filter((s) => !s.candidate.inflow).map((s) => s.stream),
    as_of: formatDay(asOf),
  };
}

export interface StreamAnalysis {
  keys: Keys;
  asOf: number;
  history: History;
  streams: DetectedStream[];
}

/** The shared pass: the history up to the as-of day, grouped, and its streams. */
export function analyzeStreams(
  transactions: readonly InsightTransaction[],
  options: InsightOptions = {},
): StreamAnalysis {
  const keys = createKeys();
  const asOf = resolveAsOf(transactions, options);
  const history = buildHistory(transactions, asOf, keys);
  // A loop, not flatMap: V8's flatMap costs more than the streams it gathers here.
  const streams: DetectedStream[] = [];
  for (const account of history.accounts) {
    for (const stream of detectAccountStreams(account, asOf)) streams.push(stream);
  }
  return { keys, asOf, history, streams };
}

/** Recurring streams in a set of transactions (one or many accounts). */
export function detectRecurring(
  transactions: readonly InsightTransaction[],
  options: InsightOptions = {},
): RecurringResult {
  const { streams, asOf } = analyzeStreams(transactions, options);
  return presentRecurring(streams, asOf);
}
