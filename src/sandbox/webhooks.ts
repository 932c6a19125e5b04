import { createHash, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { addMs } from '../lib/time.js';
import type { PlaidErrorCode } from './errors.js';
import { plaidErrorObject, PLAID_ERRORS } from './errors.js';
import type { SandboxDb, SandboxState, WebhookRow } from './state.js';

/** Plaid's schedule: first retry after 30 s, each delay four times the last, for up to 24 hours. */
export const FIRST_RETRY_MS = 30_000;
export const RETRY_FACTOR = 4;
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Queues a webhook inside the caller's transaction. The body is serialised once, the way Plaid sends
 * it (2-space indentation), and those exact bytes are signed and sent.
 */
export async function enqueueWebhook(
  db: SandboxDb,
  now: Date,
  url: string,
  payload: { webhook_code?: unknown; item_id?: unknown } & Record<string, unknown>,
): Promise<void> {
  // A webhook naming the Item (not a processor token's account) counts as the Item's last webhook.
  const itemId = typeof payload.item_id === 'string' ? payload.item_id : null;
  await db
    .insertInto('sandbox_webhooks')
    .values({
      id: randomUUID(),
      url,
      body: JSON.stringify({ ...payload, environment: 'sandbox' }, null, 2),
      attempts: 0,
      next_attempt_at: now.toISOString(),
      created_at: now.toISOString(),
      delivered_at: null,
      abandoned_at: null,
      last_status: null,
      item_id: itemId,
      webhook_code: typeof payload.webhook_code === 'string' ? payload.webhook_code : null,
      sent_at: null,
    })
    .execute();
}

/**
 * An Item webhook (`ITEM` health codes): to the Item's own webhook with `item_id`, and to the webhook
 * of each of its processor tokens with that token's `account_id` instead, so a processor partner
 * learns of a broken or repaired login without polling. Plaid's spec leaves the processor variant
 * of these codes undocumented; the sandbox sends it (see README).
 */
export async function enqueueItemWebhook(
  db: SandboxDb,
  now: Date,
  item: { item_id: string; webhook: string | null },
  payload: { webhook_type: string; webhook_code: string } & Record<string, unknown>,
  options: { toItem: boolean } = { toItem: true },
): Promise<number> {
  let sent = 0;
  const { webhook_type, webhook_code, ...rest } = payload;
  if (item.webhook && options.toItem) {
    await enqueueWebhook(db, now, item.webhook, {
      webhook_type,
      webhook_code,
      item_id: item.item_id,
      ...rest,
    });
    sent++;
  }
  const tokens = await db
    .selectFrom('sandbox_processor_tokens')
    .select(['account_id', 'webhook'])
    .where('item_id', '=', item.item_id)
    .where('webhook', 'is not', null)
    .execute();
  for (const token of tokens) {
    if (!token.webhook) continue;
    await enqueueWebhook(db, now, token.webhook, {
      webhook_type,
      webhook_code,
      account_id: token.account_id,
      ...rest,
    });
    sent++;
  }
  return sent;
}

/** An error as it travels inside a webhook: no request_id, with the HTTP status. */
export function webhookError(code: PlaidErrorCode) {
  return { ...plaidErrorObject(code), status: PLAID_ERRORS[code].status };
}

interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof importJWK>>;
}

const signingKeys = new WeakMap<SandboxState, SigningKey>();

/** The current ES256 key, created (and kept in the database) on first use. */
export async function currentSigningKey(state: SandboxState): Promise<SigningKey> {
  const cached = signingKeys.get(state);
  if (cached) return cached;
  let row = await state.db
    .selectFrom('sandbox_webhook_keys')
    .selectAll()
    .where('expired_at', 'is', null)
    .executeTakeFirst();
  if (!row) {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = randomUUID();
    row = {
      kid,
      private_jwk: JSON.stringify(await exportJWK(privateKey)),
      public_jwk: JSON.stringify({ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }),
      created_at: state.clock.now().toISOString(),
      expired_at: null,
    };
    await state.db.insertInto('sandbox_webhook_keys').values(row).execute();
  }
  const key = { kid: row.kid, privateKey: await importJWK(JSON.parse(row.private_jwk) as JWK, 'ES256') };
  signingKeys.set(state, key);
  return key;
}

/** The `Plaid-Verification` header: a JWT over the SHA-256 of the exact body bytes. */
export async function signWebhookBody(state: SandboxState, body: string): Promise<string> {
  const key = await currentSigningKey(state);
  return new SignJWT({ request_body_sha256: createHash('sha256').update(body, 'utf8').digest('hex') })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuedAt(Math.floor(state.clock.now().getTime() / 1000))
    .sign(key.privateKey);
}

async function attempt(state: SandboxState, webhook: WebhookRow): Promise<number | null> {
  try {
    const response = await fetch(webhook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'Plaid-Verification': await signWebhookBody(state, webhook.body),
      },
      body: webhook.body,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    await response.body?.cancel();
    return response.status;
  } catch {
    return null;
  }
}

/** Sends every webhook that is due; failed ones are rescheduled, and abandoned after 24 hours. */
export async function deliverDueWebhooks(state: SandboxState): Promise<number> {
  const now = state.clock.now();
  const due = await state.db
    .selectFrom('sandbox_webhooks')
    .selectAll()
    .where('delivered_at', 'is', null)
    .where('abandoned_at', 'is', null)
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('created_at')
    .limit(100)
    .execute();
  for (const webhook of due) {
    const status = await attempt(state, webhook);
    const attempts = webhook.attempts + 1;
    const delivered = status !== null && status >= 200 && status < 300;
    const next = addMs(now, FIRST_RETRY_MS * RETRY_FACTOR ** (attempts - 1));
    const expired = next.getTime() - new Date(webhook.created_at).getTime() > GIVE_UP_AFTER_MS;
    await state.db
      .updateTable('sandbox_webhooks')
      .set({
        attempts,
        last_status: status,
        delivered_at: delivered ? now.toISOString() : null,
        abandoned_at: !delivered && expired ? now.toISOString() : null,
        next_attempt_at: next.toISOString(),
        sent_at: webhook.sent_at ?? now.toISOString(),
      })
      .where('id', '=', webhook.id)
      .execute();
  }
  return due.length;
}

/** The last webhook sent to the Item's own URL, as `/item/get`'s `status.last_webhook` reports it. */
export async function lastItemWebhook(
  db: SandboxDb,
  itemId: string,
): Promise<{ sent_at: string; code_sent: string } | null> {
  const row = await db
    .selectFrom('sandbox_webhooks')
    .select(['sent_at', 'webhook_code'])
    .where('item_id', '=', itemId)
    .where('sent_at', 'is not', null)
    .orderBy('sent_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.sent_at ? { sent_at: row.sent_at, code_sent: row.webhook_code ?? '' } : null;
}

/** Background delivery for a running sandbox; returns a stop function that waits for the current round. */
export function startWebhookDelivery(state: SandboxState, intervalMs = 250): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => deliverDueWebhooks(state)).catch(() => undefined);
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
