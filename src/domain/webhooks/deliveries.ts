import { AppError, notFound } from '../../lib/errors.js';
import { findEvent } from '../../store/events.store.js';
import {
  type DeliveryRow,
  findDelivery,
  insertDeliveries,
  listEnabledEndpoints,
  listEndpointDeliveries,
  listFailedEventsSince,
} from '../../store/webhooks.store.js';
import { newDelivery, subscribes } from '../../webhooks/fan-out.js';
import { withAudit } from '../access/audit.js';
import type { Tenant } from '../tenant.js';
import { requireEndpoint } from './endpoints.js';
import type { WebhooksContext } from './webhooks.context.js';
import type { Delivery } from './webhooks.types.js';

function toDelivery(row: DeliveryRow & { event_type: string }): Delivery {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    state: row.state,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastDurationMs: row.last_duration_ms,
    lastAttemptAt: row.last_attempt_at,
    nextAttemptAt: row.state === 'pending' || row.state === 'sending' ? row.next_attempt_at : null,
    lastResponse: row.last_response,
    createdAt: row.created_at,
  };
}

/** The endpoint's deliveries, newest first; `startingAfter` is the last delivery id of the page before. */
export async function listDeliveries(
  ctx: WebhooksContext,
  tenant: Tenant,
  endpointId: string,
  page: { limit: number; startingAfter?: string | undefined },
): Promise<{ data: Delivery[]; hasMore: boolean }> {
  await requireEndpoint(ctx, tenant, endpointId);
  let before: { createdAt: string; id: string } | undefined;
  if (page.startingAfter !== undefined) {
    const cursor = await findDelivery(ctx.db, tenant.brandId, page.startingAfter);
    if (!cursor || cursor.endpoint_id !== endpointId)
      throw new AppError('validation_error', 'starting_after: is not the id of a delivery of this endpoint.');
    before = { createdAt: cursor.created_at, id: cursor.id };
  }
  const rows = await listEndpointDeliveries(ctx.db, tenant.brandId, endpointId, {
    limit: page.limit + 1,
    before,
  });
  return { data: rows.slice(0, page.limit).map(toDelivery), hasMore: rows.length > page.limit };
}

/**
 * Sends an event again: to the endpoint named (which must be enabled), or to every enabled endpoint
 * that takes its type. The `webhook-id` is the event's, as on the first delivery.
 */
export async function redeliverEvent(
  ctx: WebhooksContext,
  tenant: Tenant,
  eventId: string,
  endpointId?: string,
): Promise<{ deliveryId: string; endpointId: string }[]> {
  const event = await findEvent(ctx.db, tenant.brandId, eventId);
  if (!event) throw notFound('Event');
  let endpoints;
  if (endpointId !== undefined) {
    const endpoint = await requireEndpoint(ctx, tenant, endpointId);
    if (endpoint.disabled)
      throw new AppError(
        'conflict',
        'endpoint_id: this endpoint is disabled; enable it (PATCH disabled: false) first.',
      );
    endpoints = [endpoint];
  } else
    endpoints = (await listEnabledEndpoints(ctx.db, tenant.brandId)).filter((e) => subscribes(e, event.type));
  const now = ctx.clock.now().toISOString();
  const rows = endpoints.map((endpoint) => newDelivery(tenant.brandId, endpoint.id, event.id, now));
  const change = { action: 'event.redelivery_requested', objectType: 'event', objectId: event.id };
  await withAudit(ctx.db, tenant, change, now, (tx) => insertDeliveries(tx, rows));
  return rows.map((r) => ({ deliveryId: r.id, endpointId: r.endpoint_id }));
}

/** Sends again every event whose delivery to the endpoint failed since `since` (the endpoint must be enabled). */
export async function recoverEndpoint(
  ctx: WebhooksContext,
  tenant: Tenant,
  endpointId: string,
  since: string,
): Promise<number> {
  const endpoint = await requireEndpoint(ctx, tenant, endpointId);
  if (endpoint.disabled)
    throw new AppError('conflict', 'This endpoint is disabled; enable it (PATCH disabled: false) first.');
  const eventIds = await listFailedEventsSince(ctx.db, tenant.brandId, endpointId, since);
  const now = ctx.clock.now().toISOString();
  const change = {
    action: 'webhook_endpoint.recovery_requested',
    objectType: 'webhook_endpoint',
    objectId: endpointId,
  };
  await withAudit(ctx.db, tenant, change, now, (tx) =>
    insertDeliveries(
      tx,
      eventIds.map((eventId) => newDelivery(tenant.brandId, endpointId, eventId, now)),
    ),
  );
  return eventIds.length;
}
