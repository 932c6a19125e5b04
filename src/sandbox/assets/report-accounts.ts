import type { AccountAssets, AssetReportInvestments, AssetReportTransaction } from 'plaid';
import type { SandboxAccount } from '../data/accounts.js';
import { USER_GOOD_OWNER } from '../data/identity.js';
import { holdingsFor } from '../investments/holdings.js';
import { investmentEventsOf } from '../investments/portfolio.js';
import { tickerSymbol } from '../investments/securities.js';
import type { ItemRow } from '../state.js';
import type { Wire } from '../wire.js';
import { type HistoryEntry, historicalBalances } from './history.js';

/** The fields an Asset Report with Insights adds to each transaction (left out of a plain report). */
export const INSIGHTS_FIELDS = [
  'account_owner',
  'date_transacted',
  'location',
  'merchant_name',
  'name',
  'payment_meta',
  'pending_transaction_id',
  'transaction_type',
] as const;

const transactionType = (t: HistoryEntry) =>
  t.payment_channel === 'in store' ? 'place' : t.payment_channel === 'online' ? 'digital' : 'special';

/** A transaction as an Asset Report with Insights lists it; the bank's description is `original_description`. */
export function reportTransaction(t: HistoryEntry): Wire<AssetReportTransaction> {
  return {
    account_id: t.account_id,
    amount: t.amount,
    iso_currency_code: t.iso_currency_code,
    unofficial_currency_code: t.unofficial_currency_code,
    original_description: t.name,
    date: t.date,
    pending: t.pending,
    transaction_id: t.transaction_id,
    account_owner: t.account_owner,
    date_transacted: t.authorized_date,
    location: t.location,
    merchant_name: t.merchant_name,
    name: t.name,
    payment_meta: t.payment_meta,
    pending_transaction_id: t.pending_transaction_id,
    transaction_type: transactionType(t),
  };
}

/** The investments add-on: the account's holdings, their securities and its transactions in the window. */
function reportInvestments(item: ItemRow, account: SandboxAccount, from: string, priceAsOf: string) {
  const holdings = holdingsFor(item.item_id, account);
  return {
    holdings: holdings.map((h) => ({
      account_id: h.account_id,
      security_id: h.security.security_id,
      ticker_symbol: tickerSymbol(h.security),
      institution_price: h.security.price,
      institution_price_as_of: priceAsOf,
      institution_value: h.value,
      cost_basis: h.costBasis,
      quantity: h.quantity,
      iso_currency_code: 'USD',
      unofficial_currency_code: null,
    })),
    securities: holdings.map(({ security: s }) => ({
      security_id: s.security_id,
      name: s.name,
      ticker_symbol: tickerSymbol(s),
      type: s.type,
    })),
    transactions: investmentEventsOf(item, [account])
      .filter((e) => e.date >= from)
      .map((e) => ({
        investment_transaction_id: e.investment_transaction_id,
        account_id: e.account_id,
        security_id: e.security?.security_id ?? null,
        date: e.date,
        name: e.name,
        quantity: e.quantity,
        vested_quantity: e.quantity,
        vested_value: Math.round(e.quantity * e.price * 100) / 100,
        amount: e.amount,
        price: e.price,
        fees: e.fees,
        type: e.type,
        subtype: e.subtype,
        iso_currency_code: 'USD',
        unofficial_currency_code: null,
      })),
  } satisfies Wire<AssetReportInvestments>;
}

export interface AccountWindow {
  item: ItemRow;
  entries: readonly HistoryEntry[];
  from: string;
  yesterday: string;
  daysAvailable: number;
  /** The last close, when the report carries the investments add-on (null without it). */
  investmentsAsOf: string | null;
}

/** An account as the report lists it: balances, owners, its transactions and daily balances in the window. */
export function reportAccount(account: SandboxAccount, window: AccountWindow): Wire<AccountAssets> {
  const entries = window.entries.filter((e) => e.account_id === account.account_id);
  const investment = String(account.type) === 'investment' || String(account.type) === 'brokerage';
  return {
    account_id: account.account_id,
    balances: { ...account.balances, margin_loan_amount: null },
    mask: account.mask,
    name: account.name,
    official_name: account.official_name,
    type: account.type,
    subtype: account.subtype,
    days_available: window.daysAvailable,
    transactions: entries
      .map(reportTransaction)
      .sort((a, b) => a.date.localeCompare(b.date) || a.transaction_id.localeCompare(b.transaction_id)),
    owners: [account.owner ?? USER_GOOD_OWNER],
    ownership_type: null,
    historical_balances: historicalBalances(account, entries, window.yesterday, window.daysAvailable),
    ...(investment && window.investmentsAsOf
      ? { investments: reportInvestments(window.item, account, window.from, window.investmentsAsOf) }
      : {}),
  };
}
