import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { addMs } from '../../lib/time.js';
import type { Tx } from '../../store/tx.js';
import {
  deleteEndpoint as deleteEndpointRow,
  type EndpointChanges as RowChanges,
  type EndpointRow,
  findEndpoint,
  insertEndpoint,
  listEndpoints as listEndpointRows,
  updateEndpoint as updateEndpointRow,
} from '../../store/webhooks.store.js';
import { generateWebhookSecret } from '../../webhooks/secrets.js';
import { checkUrlShape, resolveSafely, UnsafeUrl } from '../../webhooks/url-guard.js';
import { EVENT_TYPES } from '../events/catalog.js';
import { withAudit } from '../access/audit.js';
import { emit } from '../events/emit.js';
import type { Tenant } from '../tenant.js';
import type { WebhooksContext } from './webhooks.context.js';
import type { EndpointChanges, NewEndpoint, WebhookEndpoint } from './webhooks.types.js';

/** During a rotation the previous secret keeps signing beside the new one this long. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;

export function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types === null ? null : (JSON.parse(row.event_types) as string[]),
    disabled: row.disabled === 1,
    disabledReason: row.disabled_reason,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The URL must be one Linkport may send to (see webhooks/url-guard.ts): a 400 naming `url` if not. */
async function requireSafeUrl(ctx: WebhooksContext, raw: string): Promise<string> {
  try {
    const url = checkUrlShape(raw, ctx.policy);
    await resolveSafely(url, ctx.policy);
    return url.toString();
  } catch (error) {
    if (error instanceof UnsafeUrl) throw new AppError('validation_error', `url: ${error.message}.`);
    throw error;
  }
}

function requireKnownTypes(types: string[] | undefined | null): void {
  const unknown = (types ?? []).filter((t) => !(EVENT_TYPES as string[]).includes(t));
  if (unknown.length > 0)
    throw new AppError(
      'validation_error',
      `event_types: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an event type' : 'are not event types'}; the types are ${EVENT_TYPES.join(', ')}.`,
    );
}

const seal = (
  ctx: WebhooksContext,
  row: Pick<EndpointRow, 'brand_id' | 'id'>,
  column: string,
  value: string,
) => ctx.keyring.encrypt(value, { brandId: row.brand_id, rowId: row.id, column });

export async function requireEndpoint(
  ctx: WebhooksContext,
  tenant: Tenant,
  id: string,
): Promise<EndpointRow> {
  const row = await findEndpoint(ctx.db, tenant.brandId, id);
  if (!row) throw notFound('Webhook endpoint');
  return row;
}

/** A new endpoint and its signing secret, which is shown here and never again. */
export async function createEndpoint(
  ctx: WebhooksContext,
  tenant: Tenant,
  input: NewEndpoint,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = await requireSafeUrl(ctx, input.url);
  requireKnownTypes(input.eventTypes);
  const now = ctx.clock.now().toISOString();
  const secret = generateWebhookSecret();
  const row: EndpointRow = {
    id: newId(),
    brand_id: tenant.brandId,
    url,
    description: input.description ?? null,
    event_types: input.eventTypes ? JSON.stringify([...new Set(input.eventTypes)]) : null,
    disabled: 0,
    disabled_reason: null,
    secret_enc: '',
    previous_secret_enc: null,
    previous_secret_expires_at: null,
    failing_since: null,
    created_at: now,
    updated_at: now,
  };
  row.secret_enc = seal(ctx, row, 'secret', secret);
  await withAudit(ctx.db, tenant, endpointChange('created', row.id), now, (tx) => insertEndpoint(tx, row));
  return { endpoint: toEndpoint(row), secret };
}

export async function listEndpoints(ctx: WebhooksContext, tenant: Tenant): Promise<WebhookEndpoint[]> {
  return (await listEndpointRows(ctx.db, tenant.brandId)).map(toEndpoint);
}

export async function getEndpoint(
  ctx: WebhooksContext,
  tenant: Tenant,
  id: string,
): Promise<WebhookEndpoint> {
  return toEndpoint(await requireEndpoint(ctx, tenant, id));
}

/** Re-enabling an endpoint clears its run of failures: the five days start again. */
export async function updateEndpoint(
  ctx: WebhooksContext,
  tenant: Tenant,
  id: string,
  changes: EndpointChanges,
): Promise<WebhookEndpoint> {
  const row = await requireEndpoint(ctx, tenant, id);
  requireKnownTypes(changes.eventTypes);
  const now = ctx.clock.now().toISOString();
  const update: RowChanges = { updated_at: now };
  if (changes.url !== undefined) update.url = await requireSafeUrl(ctx, changes.url);
  if (changes.description !== undefined) update.description = changes.description;
  if (changes.eventTypes !== undefined)
    update.event_types =
      changes.eventTypes === null ? null : JSON.stringify([...new Set(changes.eventTypes)]);
  if (changes.disabled === true) Object.assign(update, { disabled: 1, disabled_reason: null });
  if (changes.disabled === false)
    Object.assign(update, { disabled: 0, disabled_reason: null, failing_since: null });
  await withAudit(ctx.db, tenant, endpointChange('updated', row.id), now, (tx) =>
    updateEndpointRow(tx, tenant.brandId, row.id, update),
  );
  return toEndpoint({ ...row, ...update });
}

export async function deleteEndpoint(ctx: WebhooksContext, tenant: Tenant, id: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await withAudit(ctx.db, tenant, endpointChange('deleted', id), now, async (tx) => {
    if (!(await deleteEndpointRow(tx, tenant.brandId, id))) throw notFound('Webhook endpoint');
  });
}

function endpointChange(what: string, id: string) {
  return { action: `webhook_endpoint.${what}`, objectType: 'webhook_endpoint', objectId: id };
}

/**
 * A new signing secret. The one it replaces keeps signing beside it for 24 hours (both signatures in
 * `webhook-signature`), so receivers can switch over without a failed delivery.
 */
export async function rotateSecret(
  ctx: WebhooksContext,
  tenant: Tenant,
  id: string,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const row = await requireEndpoint(ctx, tenant, id);
  const now = ctx.clock.now();
  const current = ctx.keyring.decrypt(row.secret_enc, {
    brandId: row.brand_id,
    rowId: row.id,
    column: 'secret',
  });
  const secret = generateWebhookSecret();
  const update: RowChanges = {
    secret_enc: seal(ctx, row, 'secret', secret),
    previous_secret_enc: seal(ctx, row, 'previous_secret', current),
    previous_secret_expires_at: addMs(now, ROTATION_OVERLAP_MS).toISOString(),
    updated_at: now.toISOString(),
  };
  await withAudit(ctx.db, tenant, endpointChange('secret_rotated', row.id), now.toISOString(), (tx) =>
    updateEndpointRow(tx, tenant.brandId, row.id, update),
  );
  return { endpoint: toEndpoint({ ...row, ...update }), secret };
}

/** For the dispatcher: the event recorded when Linkport disables a failing endpoint. */
export async function recordEndpointDisabled(tx: Tx, endpoint: EndpointRow, now: string): Promise<void> {
  await emit(
    tx,
    endpoint.brand_id,
    {
      type: 'webhook_endpoint.disabled',
      subjectId: endpoint.id,
      data: { endpoint_id: endpoint.id, url: endpoint.url, reason: endpoint.disabled_reason ?? 'failing' },
    },
    now,
  );
}
