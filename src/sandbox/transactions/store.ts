import type { Transaction } from 'plaid';
import type { SandboxDb, TransactionRow } from '../state.js';
import type { Wire } from '../wire.js';
import { addDays } from './calendar.js';
import type { GeneratedTransaction } from './generated.js';

const INSERT_BATCH = 200;

/** Transactions dated on the last two days of the history are still pending. */
const PENDING_DAYS = 2;

/** Stores a freshly generated history; each row is one change. Call inside the Item's transaction. */
export async function insertTransactions(
  db: SandboxDb,
  itemId: string,
  generated: readonly GeneratedTransaction[],
  today: string,
): Promise<void> {
  const last = await db
    .selectFrom('sandbox_transactions')
    .select((eb) => eb.fn.max('last_change').as('max'))
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  let change = Number(last?.max ?? 0);
  const pendingFrom = addDays(today, -(PENDING_DAYS - 1));
  const rows: TransactionRow[] = generated.map((t) => {
    change++;
    return {
      transaction_id: t.transaction_id,
      item_id: itemId,
      account_id: t.account_id,
      date: t.date,
      pending: t.date >= pendingFrom ? 1 : 0,
      body: JSON.stringify(t),
      created_change: change,
      last_change: change,
      removed_change: null,
    };
  });
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    await db
      .insertInto('sandbox_transactions')
      .values(rows.slice(i, i + INSERT_BATCH))
      .execute();
  }
}

export function presentTransaction(row: TransactionRow): Wire<Transaction> {
  const t = JSON.parse(row.body) as GeneratedTransaction;
  return {
    account_id: row.account_id,
    account_owner: null,
    amount: t.amount,
    iso_currency_code: 'USD',
    unofficial_currency_code: null,
    date: row.date,
    authorized_date: t.authorized_date,
    authorized_datetime: null,
    datetime: null,
    name: t.name,
    merchant_name: t.merchant_name,
    merchant_entity_id: null,
    website: t.website,
    logo_url: null,
    payment_channel: t.payment_channel,
    pending: row.pending === 1,
    pending_transaction_id: t.pending_transaction_id ?? null,
    transaction_id: row.transaction_id,
    transaction_code: t.transaction_code,
    check_number: null,
    location: {
      address: null,
      city: null,
      region: null,
      postal_code: null,
      country: null,
      lat: null,
      lon: null,
      store_number: null,
    },
    payment_meta: {
      reference_number: null,
      ppd_id: null,
      payee: null,
      by_order_of: null,
      payer: null,
      payment_method: null,
      payment_processor: t.counterparties.find((c) => c.type === 'financial_institution')?.name ?? null,
      reason: null,
    },
    personal_finance_category: { ...t.category, confidence_level: 'VERY_HIGH' },
    counterparties: t.counterparties.map((c) => ({
      ...c,
      logo_url: null,
      entity_id: null,
      confidence_level: 'VERY_HIGH',
    })),
  };
}

export interface TransactionQuery {
  itemId: string;
  accountIds?: readonly string[] | undefined;
  startDate: string;
  endDate: string;
  count: number;
  offset: number;
}

/** Live transactions in a date range, newest first, with the total for pagination. */
export async function listTransactions(
  db: SandboxDb,
  query: TransactionQuery,
): Promise<{ rows: TransactionRow[]; total: number }> {
  let base = db
    .selectFrom('sandbox_transactions')
    .where('item_id', '=', query.itemId)
    .where('removed_change', 'is', null)
    .where('date', '>=', query.startDate)
    .where('date', '<=', query.endDate);
  if (query.accountIds)
    base = base.where('account_id', 'in', query.accountIds.length ? [...query.accountIds] : ['']);
  const [rows, total] = await Promise.all([
    base
      .selectAll()
      .orderBy('date', 'desc')
      .orderBy('transaction_id')
      .limit(query.count)
      .offset(query.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export interface SyncPage {
  added: TransactionRow[];
  modified: TransactionRow[];
  removed: TransactionRow[];
  nextChange: number;
  hasMore: boolean;
}

/** Changes after `afterChange`, oldest first, at most `count`. */
export async function syncChanges(
  db: SandboxDb,
  itemId: string,
  afterChange: number,
  count: number,
  accountId?: string,
): Promise<SyncPage> {
  let query = db
    .selectFrom('sandbox_transactions')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('last_change', '>', afterChange);
  if (accountId) query = query.where('account_id', '=', accountId);
  const rows = await query
    .orderBy('last_change')
    .limit(count + 1)
    .execute();
  const page = rows.slice(0, count);
  const last = page.at(-1);
  return {
    added: page.filter((r) => r.removed_change === null && r.created_change > afterChange),
    modified: page.filter((r) => r.removed_change === null && r.created_change <= afterChange),
    removed: page.filter((r) => r.removed_change !== null && r.created_change <= afterChange),
    nextChange: last ? last.last_change : afterChange,
    hasMore: rows.length > count,
  };
}

/** The highest change number of an Item, for a cursor that skips history (`"now"`). */
export async function latestChange(db: SandboxDb, itemId: string): Promise<number> {
  const row = await db
    .selectFrom('sandbox_transactions')
    .select((eb) => eb.fn.max('last_change').as('max'))
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return Number(row?.max ?? 0);
}

export interface NewTransaction {
  generated: GeneratedTransaction;
  pending: boolean;
}

/**
 * Removes and adds transactions as one set of changes (each row its own change number). Posting a
 * pending transaction is a removal of the pending one and an addition of the posted one, as Plaid
 * reports it. Call inside the caller's transaction.
 */
export async function applyChanges(
  db: SandboxDb,
  itemId: string,
  changes: { remove: readonly string[]; add: readonly NewTransaction[] },
): Promise<number> {
  let change = await latestChange(db, itemId);
  for (const transactionId of changes.remove) {
    change++;
    await db
      .updateTable('sandbox_transactions')
      .set({ removed_change: change, last_change: change })
      .where('item_id', '=', itemId)
      .where('transaction_id', '=', transactionId)
      .execute();
  }
  for (const { generated, pending } of changes.add) {
    change++;
    await db
      .insertInto('sandbox_transactions')
      .values({
        transaction_id: generated.transaction_id,
        item_id: itemId,
        account_id: generated.account_id,
        date: generated.date,
        pending: pending ? 1 : 0,
        body: JSON.stringify(generated),
        created_change: change,
        last_change: change,
        removed_change: null,
      })
      .execute();
  }
  return changes.remove.length + changes.add.length;
}

/** Live pending transactions dated before `beforeDate`: the ones the bank has posted since. */
export async function pendingBefore(
  db: SandboxDb,
  itemId: string,
  beforeDate: string,
): Promise<TransactionRow[]> {
  return db
    .selectFrom('sandbox_transactions')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('pending', '=', 1)
    .where('removed_change', 'is', null)
    .where('date', '<', beforeDate)
    .execute();
}

/** Live transactions of recurring series, oldest first. */
export async function recurringRows(
  db: SandboxDb,
  itemId: string,
  accountId?: string,
): Promise<TransactionRow[]> {
  let query = db
    .selectFrom('sandbox_transactions')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('removed_change', 'is', null)
    .where('body', 'like', '%"stream":{%');
  if (accountId) query = query.where('account_id', '=', accountId);
  return query.orderBy('date').execute();
}
