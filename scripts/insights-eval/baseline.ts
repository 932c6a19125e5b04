import type {
  EmployerResult,
  Frequency,
  InsightTransaction,
  RecurringResult,
  TransactionStream,
} from '../../src/insights/insights.types.js';

/**
 * The naive baseline the issue asks to report beside the detectors: group by cleaned name (lower
 * case, digits and punctuation gone), keep groups of three or more (two for a year apart), read the
 * frequency off the median gap and predict the last date plus that gap. Employers: deposits whose
 * cleaned name says payroll, named by what is left.
 */

const clean = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const day = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);

function frequencyOf(gap: number): Frequency | undefined {
  if (gap >= 5 && gap <= 10) return 'WEEKLY';
  if (gap >= 11 && gap <= 17) return 'BIWEEKLY';
  if (gap >= 25 && gap <= 40) return 'MONTHLY';
  if (gap >= 330 && gap <= 400) return 'ANNUALLY';
  return undefined;
}

function groups(transactions: readonly InsightTransaction[]): Map<string, InsightTransaction[]> {
  const map = new Map<string, InsightTransaction[]>();
  for (const tx of transactions) {
    const key = `${tx.account_id}|${tx.amount < 0 ? 'in' : 'out'}|${clean(tx.name)}`;
    const list = map.get(key) ?? [];
    list.push(tx);
    map.set(key, list);
  }
  return map;
}

export function baselineRecurring(
  transactions: readonly InsightTransaction[],
  asOf: string,
): RecurringResult {
  const inflow: TransactionStream[] = [];
  const outflow: TransactionStream[] = [];
  for (const list of groups(transactions).values()) {
    list.sort((a, b) => a.date.localeCompare(b.date));
    const gaps = list
      .slice(1)
      .map((tx, i) => day(tx.date) - day(list[i]?.date ?? tx.date))
      .sort((a, b) => a - b);
    const gap = gaps[gaps.length >> 1] ?? 0;
    const frequency = frequencyOf(gap);
    if (!frequency || list.length < (frequency === 'ANNUALLY' ? 2 : 3)) continue;
    const first = list[0] as InsightTransaction;
    const last = list[list.length - 1] as InsightTransaction;
    const mean = list.reduce((s, tx) => s + tx.amount, 0) / list.length;
    const isActive = day(asOf) - day(last.date) <= 2 * gap;
    const amount = (value: number) => ({
      amount: value,
      iso_currency_code: 'USD',
      unofficial_currency_code: null,
    });
    const stream: TransactionStream = {
      stream_id: `${first.transaction_id}`,
      account_id: first.account_id,
      description: last.name,
      merchant_name: last.merchant_name ?? null,
      category: null,
      category_id: null,
      personal_finance_category: null,
      first_date: first.date,
      last_date: last.date,
      predicted_next_date: isActive ? iso(day(last.date) + gap) : null,
      frequency,
      transaction_ids: list.map((tx) => tx.transaction_id),
      average_amount: amount(mean),
      last_amount: amount(last.amount),
      is_active: isActive,
      status: 'MATURE',
      is_user_modified: false,
      confidence: 1,
    };
    (first.amount < 0 ? inflow : outflow).push(stream);
  }
  return { inflow_streams: inflow, outflow_streams: outflow, as_of: asOf };
}

const PAY = /\b(payroll|dir dep|direct dep|direct deposit|salary)\b/;

export function baselineEmployer(transactions: readonly InsightTransaction[], asOf: string): EmployerResult {
  const byName = new Map<string, InsightTransaction[]>();
  for (const tx of transactions) {
    const name = clean(tx.name);
    if (tx.amount >= 0 || !PAY.test(name)) continue;
    const employer = name.replace(PAY, ' ').replace(/\s+/g, ' ').trim();
    if (employer) byName.set(employer, [...(byName.get(employer) ?? []), tx]);
  }
  const best = [...byName].sort((a, b) => b[1].length - a[1].length)[0];
  if (!best) return { employer_matches: [], status: 'NO_EMPLOYER_FOUND', as_of: asOf };
  const [name, txs] = best;
  const last =
    txs
      .map((tx) => tx.date)
      .sort()
      .pop() ?? asOf;
  const match = {
    employer_name: name,
    payroll_provider: null,
    confidence: 1,
    pay_frequency: 'UNKNOWN' as const,
    last_pay_date: last,
    next_pay_date: null,
    average_amount: -txs.reduce((s, tx) => s + tx.amount, 0) / txs.length,
    iso_currency_code: 'USD',
    is_active: day(asOf) - day(last) <= 35,
    account_id: txs[0]?.account_id ?? '',
    transaction_ids: txs.map((tx) => tx.transaction_id),
  };
  return { employer_matches: [match], status: 'EMPLOYER_FOUND', as_of: asOf };
}
