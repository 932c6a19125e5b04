import type { Db } from './db.js';
import type {
  InsightJobKind,
  InsightJobState,
  InsightJobsTable,
  InsightLinksTable,
  InsightTransactionsTable,
} from './schema.js';

/** Transaction insights: processor links, their jobs and results, and the transactions pulled. */

export type InsightLinkRow = InsightLinksTable;
export type InsightJobRow = InsightJobsTable;

export async function insertInsightLink(db: Db, row: InsightLinkRow): Promise<void> {
  await db.insertInto('insight_links').values(row).execute();
}

export async function findInsightLink(
  db: Db,
  brandId: string,
  id: string,
): Promise<InsightLinkRow | undefined> {
  return db
    .selectFrom('insight_links')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The brand's links of a processor token, live first, then the latest removed. */
export async function findInsightLinkByToken(
  db: Db,
  brandId: string,
  fingerprint: string,
): Promise<InsightLinkRow | undefined> {
  return db
    .selectFrom('insight_links')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('token_fingerprint', '=', fingerprint)
    .orderBy('state')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

/** Live links to the account a processor webhook names, across brands. */
export async function listActiveInsightLinksByAccount(
  db: Db,
  plaidAccountId: string,
): Promise<InsightLinkRow[]> {
  return db
    .selectFrom('insight_links')
    .selectAll()
    .where('plaid_account_id', '=', plaidAccountId)
    .where('state', '=', 'active')
    .execute();
}

/** Changes a live link; false when it is gone or was removed meanwhile. */
export async function updateActiveInsightLink(
  db: Db,
  id: string,
  changes: Partial<Omit<InsightLinkRow, 'id' | 'brand_id'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('insight_links')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function insertInsightJobs(db: Db, rows: InsightJobRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('insight_jobs').values(rows).execute();
}

export async function listInsightJobs(db: Db, linkId: string): Promise<InsightJobRow[]> {
  return db.selectFrom('insight_jobs').selectAll().where('link_id', '=', linkId).orderBy('job').execute();
}

export async function findInsightJob(
  db: Db,
  brandId: string,
  linkId: string,
  job: InsightJobKind,
): Promise<InsightJobRow | undefined> {
  return db
    .selectFrom('insight_jobs')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('link_id', '=', linkId)
    .where('job', '=', job)
    .executeTakeFirst();
}

/** Moves the link's jobs that are in one of `from` (every job when empty); returns how many moved. */
export async function updateInsightJobs(
  db: Db,
  linkId: string,
  from: readonly InsightJobState[],
  changes: Partial<Pick<InsightJobRow, 'state' | 'reason' | 'updated_at'>>,
): Promise<number> {
  const result = await db
    .updateTable('insight_jobs')
    .set(changes)
    .where('link_id', '=', linkId)
    .$if(from.length > 0, (q) => q.where('state', 'in', from))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Changes a job still in state `from`; false when it moved meanwhile (cancelled, say). */
export async function updateInsightJob(
  db: Db,
  id: string,
  from: InsightJobState,
  changes: Partial<Omit<InsightJobRow, 'id' | 'brand_id' | 'link_id' | 'job'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('insight_jobs')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records pulled pages only if no other pull advanced the cursor meanwhile. */
export async function advanceInsightCursor(
  db: Db,
  id: string,
  from: string | null,
  changes: Pick<
    InsightLinkRow,
    'sync_cursor' | 'pages_fetched' | 'transactions_fetched' | 'last_synced_at' | 'updated_at'
  >,
): Promise<boolean> {
  const result = await db
    .updateTable('insight_links')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', 'active')
    .where((eb) => (from === null ? eb('sync_cursor', 'is', null) : eb('sync_cursor', '=', from)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function countInsightTransactions(db: Db, linkId: string): Promise<number> {
  const row = await db
    .selectFrom('insight_transactions')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('link_id', '=', linkId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

const CHUNK = 200;

/** Adds or replaces transactions pulled through the link (Plaid's `added` and `modified`). */
export async function upsertInsightTransactions(
  db: Db,
  rows: readonly InsightTransactionsTable[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK)
    await db
      .insertInto('insight_transactions')
      .values(rows.slice(start, start + CHUNK))
      .onConflict((oc) =>
        oc.columns(['link_id', 'transaction_id']).doUpdateSet((eb) => ({
          date: eb.ref('excluded.date'),
          body: eb.ref('excluded.body'),
        })),
      )
      .execute();
}

export async function deleteInsightTransactions(
  db: Db,
  linkId: string,
  transactionIds?: readonly string[],
): Promise<void> {
  if (transactionIds?.length === 0) return;
  await db
    .deleteFrom('insight_transactions')
    .where('link_id', '=', linkId)
    .$if(transactionIds !== undefined, (q) => q.where('transaction_id', 'in', transactionIds ?? []))
    .execute();
}

/** The link's transactions as Plaid sent them (JSON), oldest first. */
export async function listInsightTransactions(db: Db, linkId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('insight_transactions')
    .select('body')
    .where('link_id', '=', linkId)
    .orderBy('date')
    .orderBy('transaction_id')
    .execute();
  return rows.map((r) => r.body);
}
