import type { Db } from './db.js';
import type { IdempotencyRequestsTable } from './schema.js';

/** `Idempotency-Key` reservations and the responses stored under them (see schema.ts). */

export type KeyRow = IdempotencyRequestsTable;

/** Reserves the key if nobody holds it; returns whether this call reserved it. */
export async function insertReservation(
  db: Db,
  row: Pick<KeyRow, 'brand_id' | 'key' | 'route' | 'request_hash' | 'locked_until' | 'created_at'>,
): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_requests')
    .values({ ...row, state: 'in_progress', status_code: null, response_body: null, completed_at: null })
    .onConflict((oc) => oc.columns(['brand_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findKey(db: Db, brandId: string, key: string): Promise<KeyRow | undefined> {
  return db
    .selectFrom('idempotency_requests')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('key', '=', key)
    .executeTakeFirst();
}

/**
 * Takes over a reservation whose holder let its lease run out (it crashed): only from the lease seen,
 * so of several takers one wins. Returns whether this call took it.
 */
export async function takeOverReservation(db: Db, seen: KeyRow, lockedUntil: string): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_requests')
    .set({ locked_until: lockedUntil })
    .where('brand_id', '=', seen.brand_id)
    .where('key', '=', seen.key)
    .where('state', '=', 'in_progress')
    .where('locked_until', '=', seen.locked_until)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Extends the holder's lease while its request runs. */
export async function renewReservation(
  db: Db,
  brandId: string,
  key: string,
  lockedUntil: string,
): Promise<void> {
  await db
    .updateTable('idempotency_requests')
    .set({ locked_until: lockedUntil })
    .where('brand_id', '=', brandId)
    .where('key', '=', key)
    .where('state', '=', 'in_progress')
    .execute();
}

/** Stores the response: inside the transaction of the request's own writes, so both or neither commit. */
export async function completeReservation(
  tx: Db,
  brandId: string,
  key: string,
  response: { statusCode: number; body: string; now: string },
): Promise<void> {
  await tx
    .updateTable('idempotency_requests')
    .set({
      state: 'completed',
      status_code: response.statusCode,
      response_body: response.body,
      completed_at: response.now,
      locked_until: null,
    })
    .where('brand_id', '=', brandId)
    .where('key', '=', key)
    .where('state', '=', 'in_progress')
    .execute();
}

/** A request that failed gives its key back: fixing the cause and retrying with it runs anew. */
export async function releaseReservation(db: Db, brandId: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_requests')
    .where('brand_id', '=', brandId)
    .where('key', '=', key)
    .where('state', '=', 'in_progress')
    .execute();
}
