/** Row types of the money-movement tables (part of schema.ts's Database). Cents are bigint columns. */

export type LedgerAccountKind = 'card' | 'external' | 'ach_clearing' | 'pull_holds' | 'funding' | 'shortfall';
export type LedgerStatus = 'pending' | 'posted' | 'archived';

/**
 * A ledger account: a card account, a linked account's external position, or one of the brand's
 * system accounts (`ref_id` is then ''). The four sums are a cache of its entries, kept in the
 * entries' own transaction and checked against them.
 */
export interface LedgerAccountsTable {
  id: string;
  brand_id: string;
  kind: LedgerAccountKind;
  ref_id: string;
  posted_debits: number;
  posted_credits: number;
  pending_debits: number;
  pending_credits: number;
  created_at: string;
  updated_at: string;
}

/** A balanced set of entries that is pending (a hold), posted, or archived (a hold let go). */
export interface LedgerTransactionsTable {
  id: string;
  brand_id: string;
  transfer_id: string | null;
  kind: string;
  status: LedgerStatus;
  created_at: string;
  updated_at: string;
}

export interface LedgerEntriesTable {
  id: string;
  brand_id: string;
  ledger_transaction_id: string;
  ledger_account_id: string;
  direction: 'debit' | 'credit';
  amount_cents: number;
}

export type TransferStatus = 'pending' | 'processing' | 'settled' | 'canceled' | 'failed' | 'returned';
export type TransferDirection = 'push' | 'pull';

export interface TransfersTable {
  id: string;
  brand_id: string;
  owner_id: string;
  card_account_id: string;
  linked_account_id: string;
  /** push: card account → linked account (an ACH credit); pull: linked account → card (a debit). */
  direction: TransferDirection;
  amount_cents: number;
  currency: string;
  description: string;
  speed: 'standard' | 'same_day';
  sec_code: string;
  status: TransferStatus;
  /** JSON: the decision made before the transfer was accepted. */
  decision: string;
  failure_reason: string | null;
  /** The cut-off of the window it is meant for: it goes into the file sent just before. */
  submit_by: string;
  trace_number: string | null;
  ach_file_id: string | null;
  effective_date: string | null;
  settle_at: string | null;
  /** Pulls: the banking day the funds become available (the hold's end). */
  available_on: string | null;
  funds_available: number;
  return_code: string | null;
  /** A returned pull whose funds had been spent: what the card account could not give back. */
  shortfall_cents: number;
  /** A re-presentment: the returned (R01/R09) transfer this one tries again, and which try it is. */
  represents_id: string | null;
  representment: number;
  /** JSON: an outcome forced through the sandbox, handed to the simulated bank with the file. */
  forced_outcome: string | null;
  /** JSON: a notification of change the bank sent (the corrected fields, never the numbers). */
  correction: string | null;
  /** JSON: [{status, at, detail?}], one per change. */
  timeline: string;
  created_at: string;
  updated_at: string;
}

export interface AchFilesTable {
  id: string;
  name: string;
  status: 'writing' | 'sent' | 'accepted' | 'rejected';
  reason: string | null;
  file_id_modifier: string;
  first_trace_sequence: number;
  entry_count: number;
  total_debit_cents: number;
  total_credit_cents: number;
  /** The file as sent, sealed (it holds account numbers): a crash before it reached the bank resends it. */
  content_enc: string;
  created_at: string;
  updated_at: string;
}

/** The rail's one row: the next trace sequence, the file count of the day, the sandbox's clock offset. */
export interface AchRailTable {
  id: string;
  next_trace_sequence: number;
  clock_offset_ms: number;
  files_day: string;
  files_on_day: number;
  updated_at: string;
}

export interface AchInboundFilesTable {
  name: string;
  kind: string;
  summary: string;
  processed_at: string;
}

/** A linked account that returns closed to ACH (R02, R03, R04, R16, R20) until it is linked again. */
export interface AchBlocksTable {
  linked_account_id: string;
  brand_id: string;
  return_code: string;
  transfer_id: string;
  created_at: string;
}
