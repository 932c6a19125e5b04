import { describe, expect, it } from 'vitest';
import { parseDay } from './day.js';
import { buildHistory } from './history.js';
import type { InsightTransaction } from './insights.types.js';
import { transactions } from './insights.test-helper.js';

/** A week of charges, some days with several (ids out of order on purpose). */
const week = transactions([
  ['2024-03-01', 4.5, 'COFFEE SHOP', { transaction_id: 'b' }],
  ['2024-03-01', 12, 'LUNCH PLACE', { transaction_id: 'a' }],
  ['2024-03-02', 60, 'GROCER 0042', { transaction_id: 'c' }],
  ['2024-03-04', -900, 'ACME PAYROLL', { transaction_id: 'f' }],
  ['2024-03-04', 9.99, 'STREAMING CO', { transaction_id: 'd' }],
  ['2024-03-04', 30, 'FUEL STOP 77', { transaction_id: 'e' }],
  ['2024-03-07', 4.5, 'COFFEE SHOP', { transaction_id: 'g' }],
]);

const order = (txs: readonly InsightTransaction[]) =>
  buildHistory(txs, parseDay('2024-03-31')).accounts.flatMap((a) =>
    a.entries.map((e) => e.tx.transaction_id),
  );

describe('buildHistory: date order whatever order the transactions come in', () => {
  it('orders by day, then by id, from oldest-first, newest-first (Plaid) and mixed input alike', () => {
    const expected = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(order(week)).toEqual(expected);
    expect(order([...week].reverse())).toEqual(expected);
    const mixed = [week[3], week[0], week[6], week[2], week[5], week[1], week[4]] as InsightTransaction[];
    expect(order(mixed)).toEqual(expected);
  });

  it('keeps each account apart and leaves out charges after the as-of day', () => {
    const twoAccounts = [
      ...week,
      ...transactions([
        ['2024-03-03', 20, 'GYM', { transaction_id: 'z1', account_id: 'acc-savings' }],
        ['2024-04-02', 20, 'GYM', { transaction_id: 'z2', account_id: 'acc-savings' }],
      ]),
    ].reverse();
    const history = buildHistory(twoAccounts, parseDay('2024-03-31'));
    expect(history.accounts.map((a) => a.accountId)).toEqual(['acc-checking', 'acc-savings']);
    expect(history.accounts[1]?.entries.map((e) => e.tx.transaction_id)).toEqual(['z1']);
  });
});
