import { sql } from 'kysely';
import type { Db } from './db.js';
import type { EventsTable } from './schema.js';
import { isPostgres } from './tx.js';

/** Brand events: written by domain/events/emit.ts only, read in an order no reader can skip. */

export type EventRow = Omit<EventsTable, 'position' | 'version'> & { position: number; version: number };

export async function insertEvent(db: Db, row: Omit<EventRow, 'position'>): Promise<void> {
  await db.insertInto('events').values(row).execute();
}

/** Where a reader stands: after this event. */
export interface EventCursor {
  position: number;
  /** PostgreSQL only: the id of the transaction that wrote the event, as text. */
  txId: string | null;
}

const COLUMNS = [
  'id',
  'brand_id',
  'type',
  'subject_id',
  'data',
  'version',
  'created_at',
  'position',
] as const;

/** The cursor of a brand's event, or undefined when the brand has no such event. */
export async function findEventCursor(db: Db, brandId: string, id: string): Promise<EventCursor | undefined> {
  const postgres = isPostgres(db);
  const row = await db
    .selectFrom('events')
    .select(['position', sql<string | null>`${sql.raw(postgres ? 'tx_id::text' : 'null')}`.as('tx_id')])
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { position: Number(row.position), txId: row.tx_id };
}

/**
 * The brand's events after the cursor, in reading order, one more than `take` asks for at most.
 *
 * SQLite commits one writer at a time, so positions are commit order. On PostgreSQL a position is
 * taken before its transaction commits, and an earlier position may commit after a later one has
 * been read; so only events of transactions older than every transaction still running are read,
 * in (transaction id, position) order. An event that commits later then always sorts after the
 * cursor of anyone who read past its neighbours.
 */
export async function listEventsAfter(
  db: Db,
  brandId: string,
  after: EventCursor | undefined,
  take: number,
): Promise<EventRow[]> {
  const postgres = isPostgres(db);
  let query = db.selectFrom('events').select(COLUMNS).where('brand_id', '=', brandId);
  if (postgres) {
    query = query.where(sql<boolean>`tx_id < pg_snapshot_xmin(pg_current_snapshot())`);
    if (after)
      query = query.where(sql<boolean>`(tx_id, position) > (${after.txId}::xid8, ${after.position})`);
    query = query.orderBy(sql`tx_id`).orderBy('position');
  } else {
    if (after) query = query.where('position', '>', after.position);
    query = query.orderBy('position');
  }
  const rows = await query.limit(take).execute();
  return rows.map((r) => ({ ...r, position: Number(r.position), version: Number(r.version) }));
}

export async function findEvent(
  db: Db,
  brandId: string,
  id: string,
): Promise<{ id: string; type: string; created_at: string } | undefined> {
  return db
    .selectFrom('events')
    .select(['id', 'type', 'created_at'])
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
}
