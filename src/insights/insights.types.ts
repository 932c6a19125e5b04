import type { z } from 'zod';
import type { insightTransactionSchema } from './input.schema.js';

/**
 * What the insight algorithms read (the fields of Plaid's Transaction object they use) and what they
 * return: Plaid's /transactions/recurring/get shape for recurrence, employer matches for payroll.
 * Amounts follow Plaid's sign convention: positive is money out, negative money in.
 */

export type Frequency = 'WEEKLY' | 'BIWEEKLY' | 'SEMI_MONTHLY' | 'MONTHLY' | 'ANNUALLY' | 'UNKNOWN';

export type StreamStatus = 'MATURE' | 'EARLY_DETECTION' | 'TOMBSTONED' | 'UNKNOWN';

/** The parts of a Plaid Transaction the algorithms look at (input.schema.ts); any other field is ignored. */
export type InsightTransaction = z.infer<typeof insightTransactionSchema>;

export type PersonalFinanceCategory = NonNullable<InsightTransaction['personal_finance_category']>;

export interface StreamAmount {
  amount: number;
  iso_currency_code: string | null;
  unofficial_currency_code: string | null;
}

/** Plaid's TransactionStream, plus how sure the detector is that the stream is real. */
export interface TransactionStream {
  stream_id: string;
  account_id: string;
  description: string;
  merchant_name: string | null;
  category: string[] | null;
  category_id: string | null;
  personal_finance_category: PersonalFinanceCategory | null;
  first_date: string;
  last_date: string;
  predicted_next_date: string | null;
  frequency: Frequency;
  transaction_ids: string[];
  average_amount: StreamAmount;
  last_amount: StreamAmount;
  is_active: boolean;
  status: StreamStatus;
  is_user_modified: false;
  confidence: number;
}

export interface RecurringResult {
  inflow_streams: TransactionStream[];
  outflow_streams: TransactionStream[];
  as_of: string;
}

export interface EmployerMatch {
  employer_name: string;
  payroll_provider: string | null;
  confidence: number;
  pay_frequency: Frequency;
  last_pay_date: string;
  /** Null once the employer has stopped paying. */
  next_pay_date: string | null;
  /** The average regular paycheck (bonuses and off-cycle pay left out), a positive number. */
  average_amount: number;
  iso_currency_code: string | null;
  /** False for a previous employer that no longer pays. */
  is_active: boolean;
  account_id: string;
  transaction_ids: string[];
}

/**
 * EMPLOYER_FOUND: at least one employer named. NO_EMPLOYER_FOUND: there is enough history, but no
 * payroll could be tied to a named employer with confidence. INSUFFICIENT_DATA: too little history
 * to tell (under about a month, or no inflows at all).
 */
export type EmployerStatus = 'EMPLOYER_FOUND' | 'NO_EMPLOYER_FOUND' | 'INSUFFICIENT_DATA';

export interface EmployerResult {
  employer_matches: EmployerMatch[];
  status: EmployerStatus;
  as_of: string;
}

export interface InsightOptions {
  /** YYYY-MM-DD; the day the answer is about (statuses, next dates). Defaults to the latest transaction date. */
  asOf?: string | undefined;
}
