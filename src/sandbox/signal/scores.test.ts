import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bankInitiatedScore, customerInitiatedScore, type ScoreInputs, signalScores } from './scores.js';

const quiet: ScoreInputs = {
  amount: 50,
  balance: 100,
  itemAgeDays: 30,
  returns: [],
  nsfOverdraftCount90d: 0,
  unauthorizedCount90d: 0,
};

describe("the sandbox's Signal scores (the README's formula)", () => {
  it('follows the balance curve for bank-initiated risk', () => {
    const bank = (amount: number, balance = 100) => bankInitiatedScore({ ...quiet, amount, balance });
    expect([0.01, 25, 50, 80, 100, 150, 300, 5000].map((a) => bank(a))).toEqual([
      1, 8, 15, 30, 50, 75, 95, 95,
    ]);
    expect(bank(10, 0)).toBe(95);
    expect(bank(10, -20)).toBe(95);
  });

  it('adds earlier returns by family and age, fees, disputes and youth', () => {
    const returns = [
      { code: 'R01', ageDays: 3 },
      { code: 'R09', ageDays: 120 },
      { code: 'R10', ageDays: 89 },
      { code: 'R05', ageDays: 90 },
      { code: 'R14', ageDays: 1 },
    ];
    expect(bankInitiatedScore({ ...quiet, returns })).toBe(15 + 20 + 10);
    expect(customerInitiatedScore({ ...quiet, returns })).toBe(5 + 35 + 15);
    expect(bankInitiatedScore({ ...quiet, nsfOverdraftCount90d: 9 })).toBe(15 + 20);
    expect(customerInitiatedScore({ ...quiet, unauthorizedCount90d: 2 })).toBe(5 + 10);
    expect([0, 1, 2, 10, 29, 30].map((d) => customerInitiatedScore({ ...quiet, itemAgeDays: d }))).toEqual([
      20, 20, 19, 15, 6, 5,
    ]);
    // A closed account returns whatever it held.
    expect(bankInitiatedScore({ ...quiet, amount: 1, returns: [{ code: 'R02', ageDays: 400 }] })).toBe(95);
  });

  it('maps scores to Plaid tiers: 8 bank-initiated, 5 customer-initiated', () => {
    const tiers = (amount: number, returns: ScoreInputs['returns'] = []) => {
      const scores = signalScores({ ...quiet, amount, returns });
      return [scores.bank_initiated_return_risk.risk_tier, scores.customer_initiated_return_risk.risk_tier];
    };
    expect(tiers(5)).toEqual([1, 1]);
    expect(tiers(100)).toEqual([5, 1]);
    expect(
      tiers(5000, [
        { code: 'R10', ageDays: 0 },
        { code: 'R10', ageDays: 0 },
      ]),
    ).toEqual([8, 4]);
    expect(
      tiers(
        5000,
        Array.from({ length: 3 }, () => ({ code: 'R07', ageDays: 0 })),
      ),
    ).toEqual([8, 5]);
  });

  it('never falls as the amount grows, and stays within 1–99', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1e8, noNaN: true }),
        fc.double({ min: 0.01, max: 1e8, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        (a, b, balance) => {
          const [low, high] = a < b ? [a, b] : [b, a];
          const lowScore = bankInitiatedScore({ ...quiet, amount: low, balance });
          const highScore = bankInitiatedScore({ ...quiet, amount: high, balance });
          expect(highScore).toBeGreaterThanOrEqual(lowScore);
          expect(lowScore).toBeGreaterThanOrEqual(1);
          expect(highScore).toBeLessThanOrEqual(99);
        },
      ),
    );
  });
});
