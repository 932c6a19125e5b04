import type { HistoricalBalance, Transaction } from 'plaid';
import { accountsForItem, type SandboxAccount } from '../data/accounts.js';
import { customTransactions, customUserConfig } from '../data/custom-user.js';
import { type ItemRow, parseJsonList, type SandboxDb, type TransactionRow } from '../state.js';
import { addDays } from '../transactions/calendar.js';
import { generateTransactions } from '../transactions/generate.js';
import type { GeneratedTransaction } from '../transactions/generated.js';
import { presentTransaction } from '../transactions/store.js';
import type { Wire } from '../wire.js';

/** A transaction as `/transactions/get` lists it. */
export type HistoryEntry = Wire<Transaction>;

/** How far an Item's data reaches back, and its transactions from `from` to `to`. */
export interface ItemHistory {
  start: string;
  entries: HistoryEntry[];
}

/** A generated transaction in the shape the sandbox stores, to present it as stored ones are. */
const asRow = (t: GeneratedTransaction, itemId: string, pending: boolean): TransactionRow => ({
  transaction_id: t.transaction_id,
  item_id: itemId,
  account_id: t.account_id,
  date: t.date,
  pending: pending ? 1 : 0,
  body: JSON.stringify(t),
  created_change: 0,
  last_change: 0,
  removed_change: null,
});

/** Assets pulls two years of history from the bank, whether or not the Item has Transactions. */
const ASSETS_HISTORY_DAYS = 730;

/**
 * An Item's transactions from `from` to `to`: its stored history when it has Transactions (what
 * /transactions/get answers), else a history generated from the Item id over a window fixed by its
 * creation date, so every report of the Item agrees with the last.
 */
export async function itemHistory(
  db: SandboxDb,
  item: ItemRow,
  from: string,
  to: string,
): Promise<ItemHistory> {
  const created = item.created_at.slice(0, 10);
  if (parseJsonList(item.products).includes('transactions')) {
    const rows = await db
      .selectFrom('sandbox_transactions')
      .selectAll()
      .where('item_id', '=', item.item_id)
      .where('removed_change', 'is', null)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .execute();
    return { start: addDays(created, -(item.days_requested - 1)), entries: rows.map(presentTransaction) };
  }
  const generated = item.custom_config
    ? customTransactions(
        item.item_id,
        customUserConfig.parse(JSON.parse(item.custom_config)),
        accountsForItem(item),
      )
    : generateTransactions({
        seed: item.item_id,
        itemId: item.item_id,
        accounts: accountsForItem(item),
        from: addDays(created, -ASSETS_HISTORY_DAYS),
        to: addDays(created, ASSETS_HISTORY_DAYS),
      });
  const pendingFrom = addDays(to, -1);
  return {
    start: addDays(created, -ASSETS_HISTORY_DAYS),
    entries: generated
      .filter((t) => t.date >= from && t.date <= to)
      .map((t) => presentTransaction(asRow(t, item.item_id, t.date >= pendingFrom))),
  };
}

/** Accounts whose balance moves with their transactions; loans and investments report none (as Plaid's sandbox). */
export const hasBalanceHistory = (account: SandboxAccount): boolean =>
  String(account.type) === 'depository' || String(account.type) === 'credit';

/**
 * The account's balance at the end of each day from `yesterday` back, `days` days: today's balance
 * with the later transactions undone (a debit, positive in Plaid's sign, lowered a deposit account
 * and raised what a card owes).
 */
export function historicalBalances(
  account: SandboxAccount,
  entries: readonly HistoryEntry[],
  yesterday: string,
  days: number,
): Wire<HistoricalBalance>[] {
  if (!hasBalanceHistory(account) || days <= 0) return [];
  const sign = String(account.type) === 'credit' ? -1 : 1;
  const byDate = new Map<string, number>();
  for (const t of entries) {
    if (t.account_id === account.account_id) byDate.set(t.date, (byDate.get(t.date) ?? 0) + t.amount);
  }
  let balance = (account.balances.current ?? 0) + sign * (byDate.get(addDays(yesterday, 1)) ?? 0);
  const out: Wire<HistoricalBalance>[] = [];
  for (let i = 0, date = yesterday; i < days; i++, date = addDays(date, -1)) {
    out.push({
      date,
      current: Math.round(balance * 100) / 100,
      iso_currency_code: 'USD',
      unofficial_currency_code: null,
    });
    balance += sign * (byDate.get(date) ?? 0);
  }
  return out;
}
