import type { InsightTransaction } from './insights.types.js';

/** Transactions as a test would write them: one account, a date, an amount (Plaid's sign), a name. */
export function transactions(
  rows: ReadonlyArray<
    readonly [date: string, amount: number, name: string, extra?: Partial<InsightTransaction>]
  >,
): InsightTransaction[] {
  return rows.map(([date, amount, name, extra], i) => ({
    transaction_id: `tx-${date}-${i}`,
    account_id: 'acc-checking',
    amount,
    date,
    name,
    iso_currency_code: 'USD',
    ...extra,
  }));
}

/** Every `stepDays` days from `from` while before `to`. */
export function everyDays(from: string, to: string, stepDays: number): string[] {
  const out: string[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += stepDays * 86_400_000
  ) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}
