import type { InsightJobKind, InsightJobState } from '../../store/schema.js';

export type { InsightJobKind, InsightJobState };

export const INSIGHT_JOBS = [
  'employer-classification',
  'recurrence-detection',
] as const satisfies readonly InsightJobKind[];

/** A Plaid Transaction object as Plaid sent it (the algorithms read the fields they need). */
export type PlaidTransactionJson = Record<string, unknown> & {
  transaction_id: string;
  account_id: string;
  date: string;
  amount: number;
  name: string;
};

export interface RecurrenceOutput {
  inflow_streams: object[];
  outflow_streams: object[];
  as_of: string;
}

export interface EmployerOutput {
  employer_matches: object[];
  status: string;
  as_of: string;
}

/**
 * The algorithms (src/insights), pure: the domain feeds them the link's transactions. Both results
 * come from one pass over the history, which the two jobs share.
 */
export interface InsightsEngine {
  analyze(
    transactions: readonly PlaidTransactionJson[],
    asOf: string,
  ): { recurrence: RecurrenceOutput; employer: EmployerOutput };
}

export interface InsightJob {
  job: InsightJobKind;
  state: InsightJobState;
  reason: string | null;
  resultVersion: number;
  completedAt: string | null;
}

/** A processor link as the brand sees it: its jobs and how far its transactions were pulled. */
export interface ProcessorLink {
  id: string;
  state: 'active' | 'deleted';
  jobs: InsightJob[];
  pagesFetched: number;
  transactionsFetched: number;
  lastSyncedAt: string | null;
  createdAt: string;
  deletedAt: string | null;
}

/** A job's latest result, with its state (a result exists only once the job completed once). */
export interface InsightResult<T> {
  linkId: string;
  job: InsightJobKind;
  state: InsightJobState;
  resultVersion: number;
  result: T | null;
}
