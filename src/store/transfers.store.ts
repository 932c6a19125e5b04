import type { Db } from './db.js';
import { fetchPage, type PageRequest } from './paging.js';
import type { TransferStatus, TransfersTable } from './schema.js';
import { lockedRead, type Tx } from './tx.js';

/** Transfers between card accounts and linked accounts. */

const num = (value: unknown) => Number(value ?? 0);

export function toTransfer(row: TransfersTable): TransfersTable {
  return { ...row, amount_cents: num(row.amount_cents), shortfall_cents: num(row.shortfall_cents) };
}

export async function insertTransfer(tx: Tx, row: TransfersTable): Promise<void> {
  await tx.insertInto('transfers').values(row).execute();
}

export async function findTransfer(db: Db, brandId: string, id: string): Promise<TransfersTable | undefined> {
  const row = await db
    .selectFrom('transfers')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toTransfer(row);
}

/** The transfer, locked until the transaction ends. */
export async function lockTransfer(tx: Tx, id: string): Promise<TransfersTable | undefined> {
  const row = await lockedRead(
    tx,
    tx.selectFrom('transfers').selectAll().where('id', '=', id),
  ).executeTakeFirst();
  return row && toTransfer(row);
}

export async function findTransferByTrace(db: Db, traceNumber: string): Promise<TransfersTable | undefined> {
  const row = await db
    .selectFrom('transfers')
    .selectAll()
    .where('trace_number', '=', traceNumber)
    .executeTakeFirst();
  return row && toTransfer(row);
}

export async function updateTransfer(
  tx: Tx,
  id: string,
  from: readonly TransferStatus[],
  changes: Partial<TransfersTable>,
): Promise<boolean> {
  const result = await tx
    .updateTable('transfers')
    .set(changes)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface TransferFilter {
  accountId?: string | undefined;
  linkedAccountId?: string | undefined;
  status?: TransferStatus | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
}

export async function listTransfers(db: Db, brandId: string, filter: TransferFilter, page: PageRequest) {
  const result = await fetchPage(page, async (after, take) => {
    let query = db.selectFrom('transfers').selectAll().where('brand_id', '=', brandId);
    if (filter.accountId) query = query.where('card_account_id', '=', filter.accountId);
    if (filter.linkedAccountId) query = query.where('linked_account_id', '=', filter.linkedAccountId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
    if (filter.createdTo) query = query.where('created_at', '<', filter.createdTo);
    if (after) query = query.where('id', '<', after);
    return query.orderBy('id', 'desc').limit(take).execute();
  });
  return { ...result, rows: result.rows.map(toTransfer) };
}

/** Pending transfers whose window's file is due by `by` (all brands: the file is Linkport's). */
export async function dueForSubmission(tx: Tx, by: string, limit: number): Promise<TransfersTable[]> {
  const rows = await lockedRead(
    tx,
    tx
      .selectFrom('transfers')
      .selectAll()
      .where('status', '=', 'pending')
      .where('submit_by', '<=', by)
      .orderBy('id')
      .limit(limit),
  ).execute();
  return rows.map(toTransfer);
}

export async function transfersInFile(db: Db, fileId: string): Promise<TransfersTable[]> {
  const rows = await db
    .selectFrom('transfers')
    .selectAll()
    .where('ach_file_id', '=', fileId)
    .orderBy('trace_number')
    .execute();
  return rows.map(toTransfer);
}

/** Submitted transfers whose settlement time has come, in files the bank accepted. */
export async function dueForSettlement(db: Db, at: string, limit: number): Promise<TransfersTable[]> {
  const rows = await db
    .selectFrom('transfers')
    .innerJoin('ach_files', 'ach_files.id', 'transfers.ach_file_id')
    .selectAll('transfers')
    .where('transfers.status', '=', 'processing')
    .where('ach_files.status', '=', 'accepted')
    .where('transfers.settle_at', '<=', at)
    .orderBy('transfers.id')
    .limit(limit)
    .execute();
  return rows.map(toTransfer);
}

/** Settled pulls whose hold ends on or before `day`. */
export async function dueForRelease(db: Db, day: string, limit: number): Promise<TransfersTable[]> {
  const rows = await db
    .selectFrom('transfers')
    .selectAll()
    .where('status', '=', 'settled')
    .where('direction', '=', 'pull')
    .where('funds_available', '=', 0)
    .where('available_on', '<=', day)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toTransfer);
}

/** Debits (pulls) the brand sent in a period, and their returns by code. */
export async function pullsSince(db: Db, brandId: string, since: string) {
  return db
    .selectFrom('transfers')
    .select(['status', 'return_code'])
    .where('brand_id', '=', brandId)
    .where('direction', '=', 'pull')
    .where('status', 'in', ['processing', 'settled', 'returned'])
    .where('created_at', '>=', since)
    .execute();
}

/** Outcomes forced through the sandbox on transfers that have a trace number now. */
export async function forcedOutcomes(db: Db) {
  return db
    .selectFrom('transfers')
    .select(['id', 'trace_number', 'forced_outcome'])
    .where('forced_outcome', 'is not', null)
    .where('trace_number', 'is not', null)
    .where('status', 'in', ['processing', 'settled'])
    .execute();
}

export async function clearForcedOutcome(db: Db, id: string): Promise<void> {
  await db.updateTable('transfers').set({ forced_outcome: null }).where('id', '=', id).execute();
}

/** When the next pending transfer's file is due. */
export async function nextSubmission(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('transfers')
    .select((eb) => eb.fn.min('submit_by').as('at'))
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.at ?? undefined;
}

/** How many transfers re-present an original (whatever became of them). */
export async function countRepresentments(db: Db, brandId: string, originalId: string): Promise<number> {
  const row = await db
    .selectFrom('transfers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('brand_id', '=', brandId)
    .where('represents_id', '=', originalId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
