import type { Db } from './db.js';
import type { AchBlocksTable, AchFilesTable, AchRailTable } from './schema.js';
import { lockedRead, type Tx } from './tx.js';

/** The ACH rail's state: its one row, the files sent, the bank's files read, blocked accounts. */

const RAIL_ID = 'rail';
const num = (value: unknown) => Number(value ?? 0);

/** The rail's row, created on first use and locked until the transaction ends (one submitter at a time). */
export async function lockRail(tx: Tx, now: string, today: string): Promise<AchRailTable> {
  await tx
    .insertInto('ach_rail')
    .values({
      id: RAIL_ID,
      next_trace_sequence: 1,
      clock_offset_ms: 0,
      files_day: today,
      files_on_day: 0,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = (await lockedRead(
    tx,
    tx.selectFrom('ach_rail').selectAll().where('id', '=', RAIL_ID),
  ).executeTakeFirst()) as AchRailTable;
  return { ...row, clock_offset_ms: num(row.clock_offset_ms) };
}

export async function readClockOffset(db: Db): Promise<number> {
  const row = await db
    .selectFrom('ach_rail')
    .select('clock_offset_ms')
    .where('id', '=', RAIL_ID)
    .executeTakeFirst();
  return num(row?.clock_offset_ms);
}

export async function updateRail(tx: Tx, changes: Partial<AchRailTable>): Promise<void> {
  await tx.updateTable('ach_rail').set(changes).where('id', '=', RAIL_ID).execute();
}

export async function insertAchFile(tx: Tx, row: AchFilesTable): Promise<void> {
  await tx.insertInto('ach_files').values(row).execute();
}

export async function filesInStatus(db: Db, status: AchFilesTable['status']): Promise<AchFilesTable[]> {
  return db.selectFrom('ach_files').selectAll().where('status', '=', status).orderBy('id').execute();
}

export async function findAchFileByName(db: Db, name: string): Promise<AchFilesTable | undefined> {
  return db.selectFrom('ach_files').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function updateAchFile(
  tx: Tx,
  id: string,
  from: AchFilesTable['status'][],
  changes: Partial<AchFilesTable>,
): Promise<boolean> {
  const result = await tx
    .updateTable('ach_files')
    .set(changes)
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks a bank file read; false when it already was (another worker, or before a crash). */
export async function claimInboundFile(
  tx: Tx,
  row: { name: string; kind: string; summary: string; processed_at: string },
): Promise<boolean> {
  const result = await tx
    .insertInto('ach_inbound_files')
    .values(row)
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findBlock(db: Db, brandId: string, linkedAccountId: string) {
  return db
    .selectFrom('ach_blocks')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('linked_account_id', '=', linkedAccountId)
    .executeTakeFirst();
}

export async function insertBlock(tx: Tx, row: AchBlocksTable): Promise<void> {
  await tx
    .insertInto('ach_blocks')
    .values(row)
    .onConflict((oc) => oc.column('linked_account_id').doNothing())
    .execute();
}

export async function setInboundSummary(tx: Tx, name: string, summary: string): Promise<void> {
  await tx.updateTable('ach_inbound_files').set({ summary }).where('name', '=', name).execute();
}
