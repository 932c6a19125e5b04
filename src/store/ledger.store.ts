import { sql } from 'kysely';
import type { Db } from './db.js';
import type { LedgerAccountKind, LedgerAccountsTable, LedgerEntriesTable, LedgerStatus } from './schema.js';
import { lockedRead, type Tx } from './tx.js';

/** The double-entry ledger: accounts with their cached sums, transactions, entries. */

export interface LedgerSums {
  posted_debits: number;
  posted_credits: number;
  pending_debits: number;
  pending_credits: number;
}

const num = (value: unknown) => Number(value ?? 0);
const ZERO: LedgerSums = { posted_debits: 0, posted_credits: 0, pending_debits: 0, pending_credits: 0 };

function toAccount(row: LedgerAccountsTable): LedgerAccountsTable {
  return {
    ...row,
    posted_debits: num(row.posted_debits),
    posted_credits: num(row.posted_credits),
    pending_debits: num(row.pending_debits),
    pending_credits: num(row.pending_credits),
  };
}

/** The account's id, created on first use (a concurrent creation is the same account). */
export async function ensureLedgerAccount(
  tx: Tx,
  row: Pick<LedgerAccountsTable, 'id' | 'brand_id' | 'kind' | 'ref_id' | 'created_at'>,
): Promise<string> {
  const found = await findLedgerAccount(tx, row.brand_id, row.kind, row.ref_id);
  if (found) return found.id;
  await tx
    .insertInto('ledger_accounts')
    .values({ ...row, ...ZERO, updated_at: row.created_at })
    .onConflict((oc) => oc.columns(['brand_id', 'kind', 'ref_id']).doNothing())
    .execute();
  return ((await findLedgerAccount(tx, row.brand_id, row.kind, row.ref_id)) as LedgerAccountsTable).id;
}

export async function findLedgerAccount(
  db: Db,
  brandId: string,
  kind: LedgerAccountKind,
  refId: string,
): Promise<LedgerAccountsTable | undefined> {
  const row = await db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('kind', '=', kind)
    .where('ref_id', '=', refId)
    .executeTakeFirst();
  return row && toAccount(row);
}

/** The account, locked until the transaction ends: a decision on its balance holds while it commits. */
export async function lockLedgerAccount(tx: Tx, id: string): Promise<LedgerAccountsTable | undefined> {
  const row = await lockedRead(
    tx,
    tx.selectFrom('ledger_accounts').selectAll().where('id', '=', id),
  ).executeTakeFirst();
  return row && toAccount(row);
}

export async function insertLedgerTransaction(
  tx: Tx,
  row: {
    id: string;
    brand_id: string;
    transfer_id: string | null;
    kind: string;
    status: LedgerStatus;
    created_at: string;
  },
  entries: LedgerEntriesTable[],
): Promise<void> {
  await tx
    .insertInto('ledger_transactions')
    .values({ ...row, updated_at: row.created_at })
    .execute();
  await tx.insertInto('ledger_entries').values(entries).execute();
  for (const entry of entries) await addToSums(tx, entry, row.status, 1);
}

/** Moves an entry's amount into (sign 1) or out of (sign -1) the cached sum its status counts in. */
async function addToSums(tx: Tx, entry: LedgerEntriesTable, status: LedgerStatus, sign: 1 | -1) {
  if (status === 'archived') return;
  const column = `${status}_${entry.direction}s` as keyof LedgerSums;
  await tx
    .updateTable('ledger_accounts')
    .set({ [column]: sql`${sql.ref(column)} + ${sign * entry.amount_cents}` })
    .where('id', '=', entry.ledger_account_id)
    .execute();
}

export async function findLedgerTransactions(db: Db, brandId: string, transferId: string) {
  return db
    .selectFrom('ledger_transactions')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('transfer_id', '=', transferId)
    .orderBy('id')
    .execute();
}

/** A pending transaction becomes posted or archived; false when it was not pending. */
export async function changeLedgerStatus(
  tx: Tx,
  id: string,
  to: 'posted' | 'archived',
  now: string,
): Promise<boolean> {
  const result = await tx
    .updateTable('ledger_transactions')
    .set({ status: to, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  const entries = await tx
    .selectFrom('ledger_entries')
    .selectAll()
    .where('ledger_transaction_id', '=', id)
    .execute();
  for (const raw of entries) {
    const entry = { ...raw, amount_cents: num(raw.amount_cents) };
    await addToSums(tx, entry, 'pending', -1);
    await addToSums(tx, entry, to, 1);
  }
  return true;
}

export interface LedgerCheck {
  /** Transactions whose debits and credits differ. */
  unbalanced: string[];
  /** Accounts whose cached sums differ from their entries. */
  drifted: string[];
}

/** Recomputes every sum of a brand's ledger from its entries and compares it with the cache. */
export async function checkLedger(db: Db, brandId: string): Promise<LedgerCheck> {
  const rows = await db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.ledger_transaction_id')
    .select(['e.ledger_transaction_id', 'e.ledger_account_id', 'e.direction', 'e.amount_cents', 't.status'])
    .where('e.brand_id', '=', brandId)
    .execute();
  const net = new Map<string, number>();
  const sums = new Map<string, LedgerSums>();
  for (const row of rows) {
    const amount = num(row.amount_cents);
    const signed = row.direction === 'debit' ? amount : -amount;
    net.set(row.ledger_transaction_id, (net.get(row.ledger_transaction_id) ?? 0) + signed);
    if (row.status === 'archived') continue;
    const s = sums.get(row.ledger_account_id) ?? { ...ZERO };
    s[`${row.status}_${row.direction}s` as keyof LedgerSums] += amount;
    sums.set(row.ledger_account_id, s);
  }
  const accounts = (
    await db.selectFrom('ledger_accounts').selectAll().where('brand_id', '=', brandId).execute()
  ).map(toAccount);
  const keys = ['posted_debits', 'posted_credits', 'pending_debits', 'pending_credits'] as const;
  return {
    unbalanced: [...net].filter(([, value]) => value !== 0).map(([id]) => id),
    drifted: accounts
      .filter((a) => {
        const s = sums.get(a.id);
        return keys.some((k) => a[k] !== (s?.[k] ?? 0));
      })
      .map((a) => a.id),
  };
}
