import type { Random } from './random.js';

/**
 * A profile is a bank's (or a set of banks') way of writing descriptors, with its own vocabulary of
 * employers and merchants. The main profile tunes the detectors; the held-out profile, written
 * apart with other styles, other names and sparser metadata, checks that they were not tuned to
 * the first one.
 */

export interface PayrollProvider {
  /** The canonical name the detector should report. */
  name: string;
  /** How the provider shows in descriptors (several spellings). */
  tags: readonly string[];
}

export interface Person {
  first: string;
  last: string;
}

/** One payroll deposit to describe. */
export interface PayrollNote {
  employer: string;
  provider: PayrollProvider | null;
  /** PAYROLL, DIR DEP, BONUS... the entry description. */
  purpose: string;
  date: string;
  person: Person;
  /** The style index chosen for this employer (kept for every deposit of one job). */
  style: number;
}

export interface Biller {
  /** The company as it writes itself in descriptors. */
  descriptor: string;
  /** Plaid's cleaned merchant name. */
  merchant: string;
  primary: string;
  detailed: string;
}

export interface Subscription extends Biller {
  /** Monthly prices over time (a later one is a price change). */
  prices: readonly number[];
  annual?: boolean;
  channel: 'online' | 'in store';
}

export interface Profile {
  name: string;
  employers: readonly string[];
  providers: readonly PayrollProvider[];
  people: { first: readonly string[]; last: readonly string[] };
  payrollStyles: number;
  payroll(note: PayrollNote, random: Random): string;
  /** A descriptor with the employer nowhere in it (only the provider), or null if the profile has none. */
  providerOnlyPayroll(note: PayrollNote, random: Random): string | null;
  /** An ACH debit or credit to or from a company (bills, government, interest). */
  ach(company: string, purpose: string, date: string, person: Person, style: number, random: Random): string;
  achStyles: number;
  card(descriptor: string, date: string, style: number, random: Random): string;
  cardStyles: number;
  p2p(rail: string, counterparty: string, outgoing: boolean, random: Random): string;
  transfer(outgoing: boolean, mask: string, random: Random): string;
  check(number: number): string;
  /** How often Plaid fills merchant_name for a card merchant, and personal_finance_category at all. */
  merchantNameRate: number;
  categoryRate: number;
  noise: Noise;
  subscriptions: readonly Subscription[];
  /** Utilities whose amount follows the season. */
  utilities: readonly Biller[];
  /** Fixed-price monthly bills: phone, internet, insurance. */
  fixedBills: readonly Biller[];
  lenders: readonly Biller[];
  landlords: readonly Biller[];
  annualFees: readonly Subscription[];
  /** Everyday places: coffee, groceries, fuel, shops, restaurants. */
  everyday: Readonly<Record<'coffee' | 'grocery' | 'fuel' | 'shop' | 'restaurant', readonly Biller[]>>;
}

/** How untidy the bank's data is, beyond its descriptor styles. */
export interface Noise {
  /** Card charges post up to this many days after they are billed. */
  postingLagDays: number;
  /** Transactions this close to the as-of day are still pending. */
  pendingDays: number;
  /** Share of recent card charges that also appear as the pending transaction they replaced. */
  pendingTwinRate: number;
  /** Share of subscriptions whose amount moves a little each time (another currency, tax). */
  amountJitterRate: number;
  /** Share of streams whose descriptor style changes once (the bank's new format). */
  styleChangeRate: number;
  /** Share of subscriptions with one charge refunded. */
  refundRate: number;
  /** Share of rents paid in two halves, on the 1st and the 15th. */
  splitRentRate: number;
}

export const WAGES = { primary: 'INCOME', detailed: 'INCOME_WAGES' } as const;

/** YYMMDD and MM/DD, as banks print effective dates. */
export function yymmdd(date: string): string {
  return date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10);
}

export function mmdd(date: string, separator = '/'): string {
  return date.slice(5, 7) + separator + date.slice(8, 10);
}

/** Title Case For Mixed-Case Styles. */
export function titleCase(text: string): string {
  return text.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase());
}

export const bill = (descriptor: string, merchant: string, primary: string, detailed: string): Biller => ({
  descriptor,
  merchant,
  primary,
  detailed,
});

/** A subscription; its category's primary part is the detailed one's first words. */
export const sub = (
  descriptor: string,
  merchant: string,
  prices: number[],
  detailed: string,
  extra: Partial<Subscription> = {},
): Subscription => ({
  descriptor,
  merchant,
  prices,
  primary: detailed.replace(/_[A-Z_]+$/, ''),
  detailed,
  channel: 'online',
  ...extra,
});
