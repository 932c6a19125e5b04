/** Row types of the transaction-insights tables (part of schema.ts's Database). */

export type InsightJobKind = 'employer-classification' | 'recurrence-detection';
export type InsightJobState = 'pending' | 'fetching' | 'processing' | 'completed' | 'failed' | 'cancelled';

/**
 * A processor link for insights: a processor token a brand registered (sealed; null once deleted)
 * and how far its transactions have been pulled (`sync_cursor` of /processor/transactions/sync).
 */
export interface InsightLinksTable {
  id: string;
  brand_id: string;
  state: 'active' | 'deleted';
  token_enc: string | null;
  token_fingerprint: string;
  /** The account behind the token, as Plaid names it: processor webhooks name it. */
  plaid_account_id: string;
  sync_cursor: string | null;
  pages_fetched: number;
  transactions_fetched: number;
  last_synced_at: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/** One kind of insight on a link, with its latest result (JSON) and how many results there were. */
export interface InsightJobsTable {
  id: string;
  brand_id: string;
  link_id: string;
  job: InsightJobKind;
  state: InsightJobState;
  reason: string | null;
  result_version: number;
  result: string | null;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A transaction pulled through a link's token: Plaid's Transaction object as JSON. */
export interface InsightTransactionsTable {
  link_id: string;
  transaction_id: string;
  date: string;
  body: string;
}
