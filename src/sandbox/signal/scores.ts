import type { SignalScores } from 'plaid';
import type { Wire } from '../wire.js';
import { makesAccountUnusable, returnFamily } from './return-codes.js';

/**
 * The sandbox's Signal Transaction Scores: a small, documented formula (the README's "Signal
 * scores") over what a real model weighs, so a brand's tests can aim for a tier. Pure: the same
 * inputs always give the same scores.
 */

export interface ReportedReturn {
  code: string;
  /** Whole days from when it was returned (or, without `returned_at`, reported) to the evaluation. */
  ageDays: number;
}

export interface ScoreInputs {
  amount: number;
  /** The account's available balance, else its current balance. */
  balance: number;
  /** Whole days since the Item was linked. */
  itemAgeDays: number;
  /** Returns reported on earlier evaluations of the same account. */
  returns: readonly ReportedReturn[];
  /** NSF and overdraft fee transactions in the account's last 90 days (0 without a history). */
  nsfOverdraftCount90d: number;
  /** Transactions named as unauthorized debits in the account's last 90 days. */
  unauthorizedCount90d: number;
}

/** Returns from the last 90 days weigh in full; older ones count for less. */
export const RECENT_RETURN_DAYS = 90;

/** Bank-initiated score against amount ÷ balance: linear between these points, flat past the last. */
const BALANCE_CURVE: readonly (readonly [ratio: number, score: number])[] = [
  [0, 1],
  [0.5, 15],
  [0.8, 30],
  [1, 50],
  [1.5, 75],
  [3, 95],
];

/** The highest score of each tier: bank-initiated has Plaid's 8 tiers, customer-initiated its 5. */
const BANK_TIER_TOPS = [10, 20, 30, 40, 55, 70, 85, 99] as const;
const CUSTOMER_TIER_TOPS = [20, 40, 60, 80, 99] as const;

const clampScore = (score: number) => Math.min(99, Math.max(1, Math.round(score)));

function onBalanceCurve(ratio: number): number {
  let [lastRatio, lastScore] = BALANCE_CURVE[0] ?? [0, 1];
  for (const [x, y] of BALANCE_CURVE) {
    if (ratio <= x) return lastScore + ((ratio - lastRatio) / (x - lastRatio || 1)) * (y - lastScore);
    [lastRatio, lastScore] = [x, y];
  }
  return lastScore;
}

function returnPoints(returns: readonly ReportedReturn[], family: 'bank' | 'customer'): number {
  const [recent, older] = family === 'bank' ? [20, 10] : [35, 15];
  return returns
    .filter((r) => returnFamily(r.code) === family)
    .reduce((sum, r) => sum + (r.ageDays < RECENT_RETURN_DAYS ? recent : older), 0);
}

/** R01 and its kind: the debit against what the account holds, earlier such returns, fee history. */
export function bankInitiatedScore(inputs: ScoreInputs): number {
  const ratio = inputs.balance > 0 ? inputs.amount / inputs.balance : Infinity;
  let score =
    onBalanceCurve(ratio) +
    returnPoints(inputs.returns, 'bank') +
    Math.min(20, 5 * inputs.nsfOverdraftCount90d);
  // A closed, missing or frozen account returns every debit, whatever it held.
  if (inputs.returns.some((r) => makesAccountUnusable(r.code))) score = Math.max(score, 95);
  return clampScore(score);
}

/** R10 and its kind: a young Item, earlier disputes of the account's debits. */
export function customerInitiatedScore(inputs: ScoreInputs): number {
  const youth = Math.max(0, 15 - Math.floor(inputs.itemAgeDays / 2));
  return clampScore(
    5 + youth + returnPoints(inputs.returns, 'customer') + Math.min(20, 5 * inputs.unauthorizedCount90d),
  );
}

function tierOf(score: number, tops: readonly number[]): number {
  const index = tops.findIndex((top) => score <= top);
  return index === -1 ? tops.length : index + 1;
}

export function signalScores(inputs: ScoreInputs) {
  const customer = customerInitiatedScore(inputs);
  const bank = bankInitiatedScore(inputs);
  return {
    customer_initiated_return_risk: { score: customer, risk_tier: tierOf(customer, CUSTOMER_TIER_TOPS) },
    bank_initiated_return_risk: { score: bank, risk_tier: tierOf(bank, BANK_TIER_TOPS) },
  } satisfies Wire<SignalScores>;
}
