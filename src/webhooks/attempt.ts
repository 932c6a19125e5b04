import type { Clock } from '../lib/clock.js';
import type { Keyring } from '../lib/crypto.js';
import type { DeliveryContext } from '../store/webhook-dispatch.store.js';
import type { DeliveryRow, EndpointRow } from '../store/webhooks.store.js';
import type { Sender } from './send.js';
import { signWebhook, webhookBody } from './sign.js';
import { checkUrlShape, resolveSafely, type UrlPolicy } from './url-guard.js';
import type { Outcome } from './settle.js';

/** The secrets that sign now: the current one, and the previous one while a rotation overlaps. */
export function signingSecrets(keyring: Keyring, endpoint: EndpointRow, now: Date): string[] {
  const open = (column: string, sealed: string) =>
    keyring.decrypt(sealed, { brandId: endpoint.brand_id, rowId: endpoint.id, column });
  const secrets = [open('secret', endpoint.secret_enc)];
  const overlapping =
    endpoint.previous_secret_enc !== null &&
    endpoint.previous_secret_expires_at !== null &&
    endpoint.previous_secret_expires_at > now.toISOString();
  if (overlapping && endpoint.previous_secret_enc)
    secrets.push(open('previous_secret', endpoint.previous_secret_enc));
  return secrets;
}

/**
 * One attempt of one delivery: the URL checked again (its address now), the body signed with the
 * endpoint's secrets, the POST. Never throws: every way it can go wrong is an outcome.
 */
export async function attemptDelivery(
  deps: { keyring: Keyring; clock: Clock; policy: UrlPolicy; sender: Sender },
  delivery: DeliveryRow,
  context: DeliveryContext | undefined,
): Promise<Outcome> {
  const at = deps.clock.now();
  const base = { delivery, at: at.toISOString() };
  if (!context)
    return {
      ...base,
      status: null,
      error: 'event or endpoint no longer exists',
      response: '',
      durationMs: 0,
      final: true,
    };
  if (context.endpoint.disabled)
    return { ...base, status: null, error: 'endpoint is disabled', response: '', durationMs: 0, final: true };
  try {
    const url = checkUrlShape(context.endpoint.url, deps.policy);
    const target = await resolveSafely(url, deps.policy);
    const body = webhookBody({
      type: context.event.type,
      createdAt: context.event.created_at,
      data: context.event.data,
    });
    const headers = signWebhook({
      id: context.event.id,
      body,
      at,
      secrets: signingSecrets(deps.keyring, context.endpoint, at),
    });
    return { ...base, ...(await deps.sender.post(url, target, { ...headers }, body)), final: false };
  } catch (error) {
    return {
      ...base,
      status: null,
      error: error instanceof Error ? error.message : String(error),
      response: '',
      durationMs: 0,
      final: false,
    };
  }
}
