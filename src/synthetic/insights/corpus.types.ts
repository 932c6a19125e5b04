import type { Frequency, InsightTransaction, StreamStatus } from '../../insights/insights.types.js';

/** One evaluation case: what the detectors see (a Plaid-shaped input file) and the truth behind it. */
export interface CorpusCase {
  name: string;
  input: CaseInput;
  gold: CaseGold;
}

export interface CaseInput {
  as_of: string;
  accounts: Array<{ account_id: string; name: string; type: string; subtype: string; mask: string }>;
  transactions: PlaidLikeTransaction[];
}

/** A Plaid Transaction object as /transactions/get returns it (the fields the corpus fills). */
export interface PlaidLikeTransaction extends InsightTransaction {
  account_owner: null;
  authorized_date: string;
  authorized_datetime: null;
  datetime: null;
  pending: boolean;
  pending_transaction_id: string | null;
  payment_channel: 'online' | 'in store' | 'other';
  transaction_code: null;
  check_number: null;
  logo_url: null;
  website: null;
  location: Record<string, null>;
  payment_meta: Record<string, null>;
}

export interface GoldStream {
  /** What the stream is, for reading failures (e.g. "payroll", "rent", "netflix"). */
  label: string;
  account_id: string;
  inflow: boolean;
  frequency: Exclude<Frequency, 'UNKNOWN'>;
  transaction_ids: string[];
  status: StreamStatus;
  is_active: boolean;
  /** The date of the stream's next real occurrence after the as-of day; null once it has ended. */
  next_date: string | null;
  /**
   * Two occurrences (not annual): a detector may report it (EARLY_DETECTION) or not; it counts
   * neither for nor against recall or precision.
   */
  optional: boolean;
}

export interface GoldEmployer {
  name: string;
  provider: string | null;
  is_active: boolean;
  /** False when no descriptor or merchant name carries the employer: the right answer is to decline. */
  nameable: boolean;
  transaction_ids: string[];
}

export interface CaseGold {
  streams: GoldStream[];
  employers: GoldEmployer[];
}
