import type { Holding, InvestmentAccount, InvestmentTransaction, Security } from 'plaid';
import { accountsForItem, type SandboxAccount } from '../data/accounts.js';
import { presentAccount } from '../items.js';
import type { ItemRow } from '../state.js';
import { addDays, isoDate, previousBusinessDay } from '../transactions/calendar.js';
import type { Wire } from '../wire.js';
import { type InvestmentEvent, investmentHistory } from './history.js';
import { holdingsFor, isInvestmentAccount, type SandboxHolding } from './holdings.js';
import { presentSecurity, type SandboxSecurity } from './securities.js';

/** Prices are the last close: the business day before today. */
export const lastClose = (now: Date): string => previousBusinessDay(addDays(isoDate(now), -1));

export function investmentAccounts(item: ItemRow): SandboxAccount[] {
  return accountsForItem(item).filter(isInvestmentAccount);
}

export function holdingsOf(item: ItemRow, accounts: readonly SandboxAccount[]): SandboxHolding[] {
  return accounts.filter(isInvestmentAccount).flatMap((a) => holdingsFor(item.item_id, a));
}

/**
 * The accounts' investment transactions over the Item's history: `days_requested` days up to the
 * day it was linked, as its transaction history (Plaid's sandbox data does not grow after that).
 */
export function investmentEventsOf(item: ItemRow, accounts: readonly SandboxAccount[]): InvestmentEvent[] {
  const to = item.created_at.slice(0, 10);
  const from = addDays(to, -(item.days_requested - 1));
  return accounts
    .filter(isInvestmentAccount)
    .flatMap((account) =>
      investmentHistory({
        itemId: item.item_id,
        account,
        holdings: holdingsFor(item.item_id, account),
        from,
        to,
      }),
    )
    .sort((a, b) =>
      a.date === b.date
        ? a.investment_transaction_id.localeCompare(b.investment_transaction_id)
        : b.date.localeCompare(a.date),
    );
}

/** An account as the investments endpoints list it (balances carry `margin_loan_amount`). */
export function presentInvestmentAccount(account: SandboxAccount): Wire<InvestmentAccount> {
  const presented = presentAccount(account);
  return { ...presented, balances: { ...presented.balances, margin_loan_amount: null } };
}

export function presentHolding(holding: SandboxHolding, priceAsOf: string): Wire<Holding> {
  return {
    account_id: holding.account_id,
    security_id: holding.security.security_id,
    institution_price: holding.security.price,
    institution_price_as_of: priceAsOf,
    institution_price_datetime: null,
    institution_value: holding.value,
    cost_basis: holding.costBasis,
    quantity: holding.quantity,
    iso_currency_code: 'USD',
    unofficial_currency_code: null,
  };
}

export function presentInvestmentTransaction(event: InvestmentEvent): Wire<InvestmentTransaction> {
  return {
    investment_transaction_id: event.investment_transaction_id,
    cancel_transaction_id: null,
    account_id: event.account_id,
    security_id: event.security?.security_id ?? null,
    date: event.date,
    transaction_datetime: null,
    name: event.name,
    quantity: event.quantity,
    amount: event.amount,
    price: event.price,
    fees: event.fees,
    type: event.type,
    subtype: event.subtype,
    iso_currency_code: 'USD',
    unofficial_currency_code: null,
  };
}

/** Each security the given holdings or transactions refer to, once. */
export function securitiesOf(
  items: readonly { security: SandboxSecurity | null }[],
  priceAsOf: string,
): Wire<Security>[] {
  const seen = new Map<string, SandboxSecurity>();
  for (const { security } of items) if (security) seen.set(security.security_id, security);
  return [...seen.values()].map((s) => presentSecurity(s, priceAsOf));
}
