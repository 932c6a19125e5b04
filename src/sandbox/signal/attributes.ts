import type { SignalEvaluateCoreAttributes } from 'plaid';
import type { SandboxAccount } from '../data/accounts.js';
import { addDays, isoDate } from '../transactions/calendar.js';
import type { Wire } from '../wire.js';

/**
 * Signal's core attributes that the sandbox's own data supports: the account's balances and type,
 * the Item's age and, for Items with a transaction history, the account's flows and the fees and
 * disputes its transactions name. Attributes the sandbox has no data for (end-of-day balances,
 * contact changes, logins, devices, account opening) are left out rather than made up.
 */
export type CoreAttributes = Wire<SignalEvaluateCoreAttributes>;

/** One transaction of the account, as the attributes read it: positive amounts are money out. */
export interface HistoryEntry {
  date: string;
  amount: number;
  name: string;
  /** Plaid's detailed personal finance category. */
  category: string;
}

type Flow = 'debit' | 'credit';
type FlowWindow = 10 | 30 | 60 | 90;
type FlowKey =
  `${Flow}_transactions_count_${FlowWindow}d` | `total_${Flow}_transactions_amount_${FlowWindow}d`;
type PercentileKey = `p${50 | 95}_${Flow}_transactions_amount_28d`;
type FlagWindow = 7 | 30 | 60 | 90;
type FlagKey = `${'nsf_overdraft' | 'unauthorized'}_transactions_count_${FlagWindow}d`;

const FLOW_WINDOWS: readonly FlowWindow[] = [10, 30, 60, 90];
const FLAG_WINDOWS: readonly FlagWindow[] = [7, 30, 60, 90];

const NSF_OVERDRAFT_CATEGORIES = new Set(['BANK_FEES_INSUFFICIENT_FUNDS', 'BANK_FEES_OVERDRAFT_FEES']);
const NSF_OVERDRAFT_NAME = /\b(nsf|overdraft|insufficient funds|returned item)\b/i;
const UNAUTHORIZED_NAME = /\bunauthori[sz]ed\b/i;

export const isNsfOverdraft = (t: HistoryEntry) =>
  NSF_OVERDRAFT_CATEGORIES.has(t.category) || NSF_OVERDRAFT_NAME.test(t.name);
export const isUnauthorized = (t: HistoryEntry) => UNAUTHORIZED_NAME.test(t.name);

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
const sum = (values: readonly number[]) =>
  round(
    values.reduce((total, v) => total + v, 0),
    2,
  );

/** Transactions dated within the last `days` days, today included. */
function within(history: readonly HistoryEntry[], today: string, days: number): HistoryEntry[] {
  const from = addDays(today, 1 - days);
  return history.filter((t) => t.date >= from && t.date <= today);
}

/** Nearest-rank percentile of magnitudes; null without any. */
function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}

/** Debits (money out) and credits (money in), both as positive amounts. */
function split(entries: readonly HistoryEntry[]): Record<Flow, number[]> {
  return {
    debit: entries.filter((t) => t.amount > 0).map((t) => t.amount),
    credit: entries.filter((t) => t.amount < 0).map((t) => -t.amount),
  };
}

function flowAttributes(history: readonly HistoryEntry[], today: string): Pick<CoreAttributes, FlowKey> {
  const out = {} as Record<FlowKey, number>;
  for (const days of FLOW_WINDOWS) {
    const flows = split(within(history, today, days));
    for (const flow of ['debit', 'credit'] as const) {
      out[`${flow}_transactions_count_${days}d`] = flows[flow].length;
      out[`total_${flow}_transactions_amount_${days}d`] = sum(flows[flow]);
    }
  }
  return out;
}

function percentileAttributes(history: readonly HistoryEntry[], today: string) {
  const flows = split(within(history, today, 28));
  const out = {} as Record<PercentileKey, number | null>;
  for (const flow of ['debit', 'credit'] as const) {
    out[`p50_${flow}_transactions_amount_28d`] = percentile(flows[flow], 0.5);
    out[`p95_${flow}_transactions_amount_28d`] = percentile(flows[flow], 0.95);
  }
  return out satisfies Pick<CoreAttributes, PercentileKey>;
}

function flagAttributes(history: readonly HistoryEntry[], today: string): Pick<CoreAttributes, FlagKey> {
  const out = {} as Record<FlagKey, number>;
  for (const days of FLAG_WINDOWS) {
    const recent = within(history, today, days);
    out[`nsf_overdraft_transactions_count_${days}d`] = recent.filter(isNsfOverdraft).length;
    out[`unauthorized_transactions_count_${days}d`] = recent.filter(isUnauthorized).length;
  }
  return out;
}

export interface AttributeInputs {
  account: SandboxAccount;
  amount: number;
  now: Date;
  itemAgeDays: number;
  /** The account's transactions; null when the Item was linked without a transaction history. */
  history: readonly HistoryEntry[] | null;
  transactionsUpdatedAt: string | null;
}

export function coreAttributes(inputs: AttributeInputs): CoreAttributes {
  const { available, current } = inputs.account.balances;
  const balance = available ?? current ?? 0;
  const today = isoDate(inputs.now);
  const subtype = String(inputs.account.subtype);
  return {
    available_balance: available,
    current_balance: current,
    // The sandbox's balances are real-time: read as of this call.
    balance_last_updated: inputs.now.toISOString(),
    balance_to_transaction_amount_ratio: round(balance / inputs.amount, 2),
    is_savings_or_money_market_account: subtype === 'savings' || subtype === 'money market',
    days_since_first_plaid_connection: inputs.itemAgeDays,
    ...(inputs.history
      ? {
          ...flowAttributes(inputs.history, today),
          ...percentileAttributes(inputs.history, today),
          ...flagAttributes(inputs.history, today),
          transactions_last_updated: inputs.transactionsUpdatedAt,
        }
      : {}),
  };
}
