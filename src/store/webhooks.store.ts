import { sql } from 'kysely';
import type { Db } from './db.js';
import type { WebhookDeliveriesTable, WebhookEndpointsTable } from './schema.js';

/** Outbound webhooks: brands' endpoints and the deliveries of events to them. */

export type EndpointRow = WebhookEndpointsTable;
export type DeliveryRow = WebhookDeliveriesTable;
export type EndpointChanges = Partial<Omit<EndpointRow, 'id' | 'brand_id' | 'created_at'>>;

export async function insertEndpoint(db: Db, row: EndpointRow): Promise<void> {
  await db.insertInto('webhook_endpoints').values(row).execute();
}

export async function findEndpoint(db: Db, brandId: string, id: string): Promise<EndpointRow | undefined> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listEndpoints(db: Db, brandId: string): Promise<EndpointRow[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('brand_id', '=', brandId)
    .orderBy('id')
    .execute();
}

/** The brand's endpoints that take new events. */
export async function listEnabledEndpoints(db: Db, brandId: string): Promise<EndpointRow[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('disabled', '=', 0)
    .execute();
}

export async function updateEndpoint(
  db: Db,
  brandId: string,
  id: string,
  changes: EndpointChanges,
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_endpoints')
    .set(changes)
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteEndpoint(db: Db, brandId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('webhook_endpoints')
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function insertDeliveries(db: Db, rows: DeliveryRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('webhook_deliveries').values(rows).execute();
}

/** Records an attempt's outcome, only while this worker still holds the lease. */
export async function settleDelivery(
  db: Db,
  delivery: Pick<DeliveryRow, 'id' | 'lease_owner'>,
  values: Partial<DeliveryRow>,
): Promise<boolean> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ ...values, lease_until: null, lease_owner: null })
    .where('id', '=', delivery.id)
    .where('lease_owner', '=', delivery.lease_owner)
    .where('state', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A success clears the endpoint's run of failures; a failure starts one if none is running. */
export async function markEndpointHealth(
  db: Db,
  endpointId: string,
  ok: boolean,
  now: string,
): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set({ failing_since: ok ? null : sql<string>`coalesce(failing_since, ${now})` })
    .where('id', '=', endpointId)
    .$if(ok, (q) => q.where('failing_since', 'is not', null))
    .execute();
}

/** Disables an endpoint that has failed everything since before `before`; returns it if it did. */
export async function disableIfFailingSince(
  db: Db,
  endpointId: string,
  before: string,
  now: string,
): Promise<EndpointRow | undefined> {
  return db
    .updateTable('webhook_endpoints')
    .set({ disabled: 1, disabled_reason: 'failing', updated_at: now })
    .where('id', '=', endpointId)
    .where('disabled', '=', 0)
    .where('failing_since', '<=', before)
    .returningAll()
    .executeTakeFirst();
}

/** The endpoint's deliveries, newest first, with their event's type: a keyset page. */
export async function listEndpointDeliveries(
  db: Db,
  brandId: string,
  endpointId: string,
  page: { limit: number; before?: { createdAt: string; id: string } | undefined },
): Promise<(DeliveryRow & { event_type: string })[]> {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .selectAll('d')
    .select('e.type as event_type')
    .where('d.brand_id', '=', brandId)
    .where('d.endpoint_id', '=', endpointId)
    .$if(page.before !== undefined, (q) =>
      q.where((eb) =>
        eb.or([
          eb('d.created_at', '<', page.before?.createdAt ?? ''),
          eb.and([
            eb('d.created_at', '=', page.before?.createdAt ?? ''),
            eb('d.id', '<', page.before?.id ?? ''),
          ]),
        ]),
      ),
    )
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(page.limit)
    .execute();
}

export async function findDelivery(db: Db, brandId: string, id: string): Promise<DeliveryRow | undefined> {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The events whose latest delivery to the endpoint failed and was created at or after `since`:
 * what `recover` sends again.
 */
export async function listFailedEventsSince(
  db: Db,
  brandId: string,
  endpointId: string,
  since: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .select('d.event_id')
    .where('d.brand_id', '=', brandId)
    .where('d.endpoint_id', '=', endpointId)
    .where('d.state', '=', 'failed')
    .where('d.created_at', '>=', since)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('webhook_deliveries as later')
            .select('later.id')
            .whereRef('later.endpoint_id', '=', 'd.endpoint_id')
            .whereRef('later.event_id', '=', 'd.event_id')
            .whereRef('later.created_at', '>', 'd.created_at'),
        ),
      ),
    )
    .orderBy('d.created_at')
    .execute();
  return [...new Set(rows.map((r) => r.event_id))];
}

/** Deletes events older than `before` that have no delivery still to make (their deliveries go too). */
export async function pruneEvents(db: Db, before: string): Promise<number> {
  const result = await db
    .deleteFrom('events')
    .where('created_at', '<', before)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('webhook_deliveries as d')
            .select('d.id')
            .whereRef('d.event_id', '=', 'events.id')
            .where('d.state', 'in', ['pending', 'sending']),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
