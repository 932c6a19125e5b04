import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from './db.js';
import type { Database } from './schema.js';
import type { DeliveryRow, EndpointRow } from './webhooks.store.js';

/** What the webhook dispatcher reads: the deliveries due, leased to it, and what sending them needs. */

interface Claim {
  now: string;
  leaseUntil: string;
  owner: string;
  limit: number;
  perEndpoint: number;
  inFlight: ReadonlyMap<string, number>;
}

/** Pending deliveries whose time has come, and ones whose sender's lease ran out (it died mid-send). */
const dueAt = (now: string) => (eb: ExpressionBuilder<Database, 'webhook_deliveries'>) =>
  eb.or([
    eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
    eb.and([eb('state', '=', 'sending'), eb('lease_until', '<', now)]),
  ]);

/** Whether any delivery is due: a plain read, so an idle dispatcher never takes the write lock. */
export async function hasDueDeliveries(db: Db, now: string): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where(dueAt(now))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Leases up to `limit` due deliveries for this worker: pending ones whose time has come, and ones
 * whose sender's lease ran out (it died mid-send). An endpoint gets no more than `perEndpoint` in
 * flight, counting the ones `inFlight` says this worker is already sending to it, so one slow
 * endpoint cannot fill the batch. Candidates are read first, then taken only if still due, so of
 * workers racing for a delivery one gets it. Each claim counts as an attempt.
 */
export async function claimDueDeliveries(db: Db, claim: Claim): Promise<DeliveryRow[]> {
  const candidates = await dueCandidates(db, claim);
  if (candidates.length === 0) return [];
  return db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      state: 'sending',
      attempts: eb('attempts', '+', 1),
      lease_until: claim.leaseUntil,
      lease_owner: claim.owner,
    }))
    .where('id', 'in', candidates)
    .where(dueAt(claim.now))
    .returningAll()
    .execute();
}

/** The ids to try to take, earliest due first, within each endpoint's room for more in flight. */
async function dueCandidates(db: Db, claim: Claim): Promise<string[]> {
  const full = [...claim.inFlight].filter(([, n]) => n >= claim.perEndpoint).map(([id]) => id);
  // Ranked among the earliest due only: the window function never runs over a whole backlog.
  const earliest = db
    .selectFrom('webhook_deliveries')
    .select(['id', 'endpoint_id', 'next_attempt_at'])
    .where(dueAt(claim.now))
    .$if(full.length > 0, (q) => q.where('endpoint_id', 'not in', full))
    .orderBy('next_attempt_at')
    .limit(claim.limit * 4);
  const ranked = db
    .selectFrom(earliest.as('earliest'))
    .select([
      'earliest.id',
      'earliest.endpoint_id',
      'earliest.next_attempt_at',
      sql<number>`row_number() over (partition by earliest.endpoint_id order by earliest.next_attempt_at, earliest.id)`.as(
        'rank',
      ),
    ]);
  const ranks = await db
    .selectFrom(ranked.as('ranked'))
    .select(['ranked.id', 'ranked.endpoint_id', 'ranked.rank'])
    .where('ranked.rank', '<=', claim.perEndpoint)
    .orderBy('ranked.next_attempt_at')
    .execute();
  return ranks
    .filter((c) => Number(c.rank) + (claim.inFlight.get(c.endpoint_id) ?? 0) <= claim.perEndpoint)
    .slice(0, claim.limit)
    .map((c) => c.id);
}

/** What sending a delivery needs: its event and its endpoint. */
export interface DeliveryContext {
  event: { id: string; type: string; data: string; created_at: string };
  endpoint: EndpointRow;
}

export async function loadDeliveryContexts(
  db: Db,
  deliveries: readonly DeliveryRow[],
): Promise<Map<string, DeliveryContext>> {
  if (deliveries.length === 0) return new Map();
  const [events, endpoints] = await Promise.all([
    db
      .selectFrom('events')
      .select(['id', 'type', 'data', 'created_at'])
      .where('id', 'in', [...new Set(deliveries.map((d) => d.event_id))])
      .execute(),
    db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', 'in', [...new Set(deliveries.map((d) => d.endpoint_id))])
      .execute(),
  ]);
  const eventById = new Map(events.map((e) => [e.id, e]));
  const endpointById = new Map(endpoints.map((e) => [e.id, e]));
  const contexts = new Map<string, DeliveryContext>();
  for (const delivery of deliveries) {
    const event = eventById.get(delivery.event_id);
    const endpoint = endpointById.get(delivery.endpoint_id);
    if (event && endpoint) contexts.set(delivery.id, { event, endpoint });
  }
  return contexts;
}
