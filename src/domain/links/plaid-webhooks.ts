import { z } from 'zod';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import { PlaidFailure } from '../../plaid/client/errors.js';
import { type WebhookVerifier, WebhookRejected } from '../../plaid/client/webhook-verifier.js';
import type { Db } from '../../store/db.js';
import { listLiveByPlaidAccount, updateLiveLinkedAccount } from '../../store/linked-accounts.store.js';
import type { LinkedAccountStatus } from '../../store/schema.js';
import { transact } from '../../store/tx.js';
import type { EventType } from '../events/catalog.js';
import { emit } from '../events/emit.js';
import { applyItemWebhook } from './items/item-health.js';

/** The part of a Plaid webhook Linkport acts on; processor-token webhooks name the account. */
const webhookSchema = z.looseObject({
  webhook_type: z.string(),
  webhook_code: z.string(),
  item_id: z.string().optional(),
  account_id: z.string().optional(),
  error: z.looseObject({ error_code: z.string() }).nullish(),
});

type LiveStatus = Exclude<LinkedAccountStatus, 'removed'>;

const EVENT_BY_STATUS = {
  active: 'external_account.repaired',
  login_required: 'external_account.login_required',
  pending_disconnect: 'external_account.pending_disconnect',
  revoked: 'external_account.revoked',
} as const satisfies Record<LiveStatus, EventType>;

/** What an Item-health webhook means for the linked account's status, if anything. */
function statusFor(webhook: z.output<typeof webhookSchema>): LiveStatus | null {
  if (webhook.webhook_type !== 'ITEM') return null;
  switch (webhook.webhook_code) {
    case 'ERROR':
      return webhook.error?.error_code === 'ITEM_LOGIN_REQUIRED' ? 'login_required' : null;
    case 'PENDING_DISCONNECT':
    case 'PENDING_EXPIRATION':
      return 'pending_disconnect';
    case 'USER_PERMISSION_REVOKED':
    case 'USER_ACCOUNT_REVOKED':
      return 'revoked';
    case 'LOGIN_REPAIRED':
      return 'active';
    default:
      return null;
  }
}

/**
 * Plaid's webhooks to Linkport, already verified: Item webhooks (they name the Item) move held
 * Items; processor-token webhooks (they name the account) move the links of that account, each
 * change with its brand event in one transaction. Returns how many links or Items changed.
 */
export async function applyPlaidWebhook(db: Db, clock: Clock, body: unknown): Promise<number> {
  const parsed = webhookSchema.safeParse(body);
  if (!parsed.success) return 0;
  const { item_id: itemId, account_id: accountId } = parsed.data;
  if (itemId !== undefined && !accountId)
    return applyItemWebhook(db, clock, { ...parsed.data, item_id: itemId });
  if (!accountId) return 0;
  const status = statusFor(parsed.data);
  if (!status) return 0;
  const links = (await listLiveByPlaidAccount(db, accountId)).filter((l) => l.status !== status);
  if (links.length === 0) return 0;
  const now = clock.now().toISOString();
  await transact(db, async (tx) => {
    for (const link of links) {
      // A link removed meanwhile stays removed.
      if (!(await updateLiveLinkedAccount(tx, link.brand_id, link.id, { status, updated_at: now }))) continue;
      await emit(
        tx,
        link.brand_id,
        {
          type: EVENT_BY_STATUS[status],
          subjectId: link.id,
          data: {
            linked_account_id: link.id,
            account_id: link.account_id,
            previous_status: link.status,
            status,
          },
        },
        now,
      );
    }
  });
  return links.length;
}

/**
 * A webhook as it arrives at `/webhooks/plaid`: verified as Plaid documents it, then applied. A
 * webhook that did not come from Plaid is a 401 (logged as a warning); Plaid unreachable while
 * fetching the signing key is a 503, so Plaid sends it again later.
 */
export async function receivePlaidWebhook(
  deps: {
    db: Db;
    clock: Clock;
    logger: Logger;
    verify: WebhookVerifier;
    webhookListeners?: readonly ((body: unknown) => Promise<number>)[] | undefined;
  },
  rawBody: string,
  signature: string | undefined,
): Promise<number> {
  let body: unknown;
  try {
    body = await deps.verify(rawBody, signature);
  } catch (error) {
    if (error instanceof WebhookRejected) {
      deps.logger.warn({ reason: error.message }, 'plaid webhook rejected');
      throw new AppError('unauthorized', `Webhook rejected: ${error.message}.`);
    }
    if (error instanceof PlaidFailure)
      throw new AppError('unavailable', 'Could not fetch the webhook verification key from Plaid.', {
        headers: { 'retry-after': '30' },
        cause: error,
      });
    throw error;
  }
  const counts = await Promise.all([
    applyPlaidWebhook(deps.db, deps.clock, body),
    ...(deps.webhookListeners ?? []).map((listen) => listen(body)),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}
