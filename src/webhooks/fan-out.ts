import { newId } from '../lib/ids.js';
import type { Tx } from '../store/tx.js';
import {
  type DeliveryRow,
  type EndpointRow,
  insertDeliveries,
  listEnabledEndpoints,
} from '../store/webhooks.store.js';

/** Whether an endpoint takes events of this type (no list: every type). */
export function subscribes(endpoint: Pick<EndpointRow, 'event_types'>, type: string): boolean {
  if (endpoint.event_types === null) return true;
  return (JSON.parse(endpoint.event_types) as string[]).includes(type);
}

/**
 * Inside the transaction that records an event: one delivery per enabled endpoint of the brand that
 * takes its type. An event and its deliveries commit together, so a crash loses neither.
 */
export async function fanOut(
  tx: Tx,
  brandId: string,
  event: { id: string; type: string },
  now: string,
): Promise<number> {
  const endpoints = (await listEnabledEndpoints(tx, brandId)).filter((e) => subscribes(e, event.type));
  await insertDeliveries(
    tx,
    endpoints.map((endpoint) => newDelivery(brandId, endpoint.id, event.id, now)),
  );
  return endpoints.length;
}

/** A delivery of an event to an endpoint, due now: what fan-out, redeliver and recover create. */
export function newDelivery(brandId: string, endpointId: string, eventId: string, now: string): DeliveryRow {
  return {
    id: newId(),
    brand_id: brandId,
    endpoint_id: endpointId,
    event_id: eventId,
    state: 'pending',
    attempts: 0,
    next_attempt_at: now,
    lease_until: null,
    lease_owner: null,
    last_attempt_at: null,
    last_status: null,
    last_error: null,
    last_response: null,
    last_duration_ms: null,
    created_at: now,
    completed_at: null,
  };
}
