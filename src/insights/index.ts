import { detectEmployers } from './employer.js';
import type {
  EmployerResult,
  InsightOptions,
  InsightTransaction,
  RecurringResult,
} from './insights.types.js';
import { analyzeStreams, presentRecurring } from './recurrence.js';

/**
 * Transaction insights, pure and deterministic: recurring streams (Plaid's /transactions/recurring/get
 * shape) and employers, from Plaid Transaction objects alone. Both share one pass over the history.
 */
export type * from './insights.types.js';
export { detectRecurring } from './recurrence.js';

export interface Insights {
  recurring: RecurringResult;
  employer: EmployerResult;
}

export function analyzeTransactions(
  transactions: readonly InsightTransaction[],
  options: InsightOptions = {},
): Insights {
  const { keys, asOf, history, streams } = analyzeStreams(transactions, options);
  return {
    recurring: presentRecurring(streams, asOf),
    employer: detectEmployers(history, streams, asOf, keys),
  };
}

/** The employers paying into a set of transactions (one person's accounts). */
export function detectEmployer(
  transactions: readonly InsightTransaction[],
  options: InsightOptions = {},
): EmployerResult {
  return analyzeTransactions(transactions, options).employer;
}
