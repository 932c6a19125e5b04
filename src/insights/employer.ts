import { formatDay } from './day.js';
import { tokenize } from './descriptor.js';
import { mayBePayroll, type PayrollReading } from './employer-name.js';
import type { Entry, History, Keys } from './history.js';
import type { EmployerMatch, EmployerResult, Frequency } from './insights.types.js';
import { PROVIDER_BY_WORD } from './payroll-lexicon.js';
import type { DetectedStream } from './recurrence.js';
import { readPayrollShared } from './vocabulary.js';

/**
 * Employer classification: deposits that read as pay (pay words, a payroll provider, Plaid's
 * INCOME_WAGES, or a regular deposit from a named company), grouped by the employer named in them.
 * An employer's regular paychecks are the recurring inflow stream its deposits form; a bonus or an
 * off-cycle check carries the same name and joins the employer without changing its schedule. The
 * current employer is the one still paying; one that stopped is reported inactive. A deposit that
 * names no employer is declined rather than guessed at.
 */

interface PayDeposit {
  entry: Entry;
  reading: PayrollReading;
  key: string;
  name: string;
  stream: DetectedStream | undefined;
}

interface EmployerGroup {
  key: string;
  deposits: PayDeposit[];
}

/** Deposits smaller than this are not paychecks (interest, cash back, test deposits). */
const MIN_PAY = 40;
const PAY_FREQUENCIES = new Set<Frequency>(['WEEKLY', 'BIWEEKLY', 'SEMI_MONTHLY', 'MONTHLY']);
/** Matches below this confidence are declined. */
export const MIN_EMPLOYER_CONFIDENCE = 0.5;

function streamOf(streams: readonly DetectedStream[]): Map<string, DetectedStream> {
  const byTx = new Map<string, DetectedStream>();
  for (const s of streams)
    if (s.candidate.inflow) for (const e of s.candidate.entries) byTx.set(e.tx.transaction_id, s);
  return byTx;
}

function isWages(entry: Entry): boolean {
  return entry.tx.personal_finance_category?.detailed === 'INCOME_WAGES';
}

/** A merchant name that names an employer: not a provider, not a payment app. */
function merchantEmployer(entry: Entry): PayrollReading | undefined {
  const merchant = entry.tx.merchant_name;
  if (!merchant) return undefined;
  const reading = readPayrollShared(merchant);
  if (reading.provider || reading.notPay || !reading.employerKey) return undefined;
  if (tokenize(merchant).some((t) => PROVIDER_BY_WORD.has(t))) return undefined;
  return reading;
}

function depositOf(entry: Entry, keys: Keys, stream: DetectedStream | undefined): PayDeposit | undefined {
  const reading = keys.payroll(entry.words);
  if (!entry.inflow || entry.size < MIN_PAY || reading.notPay) return undefined;
  const regular =
    stream !== undefined &&
    PAY_FREQUENCIES.has(stream.stream.frequency) &&
    stream.candidate.entries.length >= 3;
  const payLike = reading.payWord || reading.provider !== null || isWages(entry);
  if (!payLike && !(regular && reading.employerKey && entry.size >= 200)) return undefined;
  const fromMerchant = reading.employerKey ? undefined : merchantEmployer(entry);
  const named = fromMerchant ?? reading;
  if (!named.employerKey || !named.employer) return undefined;
  // A merchant name that is a payroll provider (Plaid often gives ADP or Gusto) says who ran the payroll.
  const provider =
    reading.provider ?? (entry.tx.merchant_name ? keys.provider(entry.tx.merchant_name) : null);
  return {
    entry,
    reading: { ...reading, provider, source: named.source },
    key: named.employerKey,
    name: named.employer,
    stream,
  };
}

/** Groups by employer key; a key that is a word-prefix of another (a name cut short) joins it. */
function groupByEmployer(deposits: readonly PayDeposit[]): EmployerGroup[] {
  const groups = new Map<string, EmployerGroup>();
  for (const d of deposits) {
    let group = groups.get(d.key);
    if (!group) groups.set(d.key, (group = { key: d.key, deposits: [] }));
    group.deposits.push(d);
  }
  const keys = [...groups.keys()].sort((a, b) => b.length - a.length);
  for (const short of [...keys].reverse()) {
    const long = keys.find(
      (k) => k !== short && k.length > short.length && k.startsWith(short) && short.length >= 6,
    );
    const from = groups.get(short);
    const to = long === undefined ? undefined : groups.get(long);
    if (from && to) {
      to.deposits.push(...from.deposits);
      groups.delete(short);
    }
  }
  return [...groups.values()];
}

/** The regular pay stream of a group: the inflow stream holding most of its deposits. */
function payStream(group: EmployerGroup): DetectedStream | undefined {
  const counts = new Map<DetectedStream, number>();
  for (const d of group.deposits) if (d.stream) counts.set(d.stream, (counts.get(d.stream) ?? 0) + 1);
  let best: DetectedStream | undefined;
  for (const [s, n] of counts) if (!best || n > (counts.get(best) ?? 0)) best = s;
  return best;
}

function mostCommon(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] ?? '';
  for (const [v, n] of counts)
    if (n > (counts.get(best) ?? 0) || (n === counts.get(best) && v.length > best.length)) best = v;
  return best;
}

function confidenceOf(group: EmployerGroup, stream: DetectedStream | undefined): number {
  const share = (test: (d: PayDeposit) => boolean) =>
    group.deposits.filter(test).length / group.deposits.length;
  const payWord = share((d) => d.reading.payWord);
  const provider = share((d) => d.reading.provider !== null);
  const wages = share((d) => isWages(d.entry));
  const field = share((d) => d.reading.source === 'field' || d.reading.source === 'near');
  const regular =
    stream && PAY_FREQUENCIES.has(stream.stream.frequency)
      ? Math.min(stream.candidate.entries.length, 6) / 6
      : 0;
  const z =
    -3 +
    2.4 * payWord +
    1.2 * provider +
    1.6 * wages +
    0.6 * field +
    1.6 * regular +
    0.15 * Math.min(group.deposits.length, 6);
  // Regularity alone (a pension, an owner's distribution, support) never names an employer: without
  // pay words, a payroll provider or Plaid's INCOME_WAGES on most deposits the score stays under 0.5.
  const evidence = share((d) => d.reading.payWord || d.reading.provider !== null || isWages(d.entry));
  const score = 1 / (1 + Math.exp(-z));
  return evidence >= 0.5 ? score : Math.min(score, 0.45);
}

function matchOf(group: EmployerGroup, asOf: number): EmployerMatch {
  const stream = payStream(group);
  const deposits = [...group.deposits].sort((a, b) => a.entry.day - b.entry.day);
  const regular = stream ? stream.candidate.entries : deposits.map((d) => d.entry);
  const last = regular[regular.length - 1] as Entry;
  let total = 0;
  for (const e of regular) total += e.size;
  const accountCounts = mostCommon(deposits.map((d) => d.entry.tx.account_id));
  const isActive = stream ? stream.stream.is_active : asOf - last.day <= 35;
  return {
    employer_name: mostCommon(deposits.map((d) => d.name)),
    payroll_provider: mostCommon(deposits.map((d) => d.reading.provider ?? '')) || null,
    confidence: Math.round(confidenceOf(group, stream) * 1000) / 1000,
    pay_frequency: stream?.stream.frequency ?? 'UNKNOWN',
    last_pay_date: formatDay(last.day),
    next_pay_date: isActive ? (stream?.stream.predicted_next_date ?? null) : null,
    average_amount: Math.round((total / regular.length) * 100) / 100,
    iso_currency_code: last.tx.iso_currency_code ?? null,
    is_active: isActive,
    account_id: accountCounts,
    transaction_ids: deposits.map((d) => d.entry.tx.transaction_id),
  };
}

export function detectEmployers(
  history: History,
  streams: readonly DetectedStream[],
  asOf: number,
  keys: Keys,
): EmployerResult {
  const byTx = streamOf(streams);
  const deposits: PayDeposit[] = [];
  let firstDay = Infinity;
  let inflows = 0;
  for (const account of history.accounts) {
    for (const entry of account.entries) {
      firstDay = Math.min(firstDay, entry.day);
      if (!entry.inflow) continue;
      inflows++;
      const stream = byTx.get(entry.tx.transaction_id);
      // Most deposits are plainly not pay: read in full only what might be.
      if (entry.size < MIN_PAY || (!stream && !isWages(entry) && !mayBePayroll(entry.words.words))) continue;
      const deposit = depositOf(entry, keys, stream);
      if (deposit) deposits.push(deposit);
    }
  }
  const matches = groupByEmployer(deposits)
    .map((g) => matchOf(g, asOf))
    .filter((m) => m.confidence >= MIN_EMPLOYER_CONFIDENCE)
    .sort(
      (a, b) =>
        Number(b.is_active) - Number(a.is_active) ||
        b.confidence - a.confidence ||
        b.last_pay_date.localeCompare(a.last_pay_date),
    );
  const status =
    matches.length > 0
      ? 'EMPLOYER_FOUND'
      : inflows === 0 || asOf - firstDay < 30
        ? 'INSUFFICIENT_DATA'
        : 'NO_EMPLOYER_FOUND';
  return { employer_matches: matches, status, as_of: formatDay(asOf) };
}
