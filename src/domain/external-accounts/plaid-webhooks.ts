import { z } from 'zod';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../store/db.js';
import {
  insertEvent,
  listLiveByPlaidAccount,
  updateLiveLinkedAccount,
} from '../../store/external-accounts.store.js';
import type { LinkedAccountStatus } from '../../store/schema.js';
import { applyItemWebhook } from '../hosted-linking/item-health.js';

/** The part of a Plaid webhook Linkport acts on; processor-token webhooks name the account. */
const webhookSchema = z.looseObject({
  webhook_type: z.string(),
  webhook_code: z.string(),
  item_id: z.string().optional(),
  account_id: z.string().optional(),
  error: z.looseObject({ error_code: z.string() }).nullish(),
});

const EVENT_BY_STATUS: Record<Exclude<LinkedAccountStatus, 'removed'>, string> = {
  active: 'external_account.repaired',
  login_required: 'external_account.login_required',
  pending_disconnect: 'external_account.pending_disconnect',
  revoked: 'external_account.revoked',
};

/** What an Item-health webhook means for the linked account's status, if anything. */
function statusFor(webhook: z.output<typeof webhookSchema>): Exclude<LinkedAccountStatus, 'removed'> | null {
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
 * Moves linked accounts' status on Plaid's Item-health webhooks, each change with its brand event in
 * one transaction. Returns how many links changed; webhooks about nothing Linkport holds change none.
 */
export function createPlaidWebhookHandler({ db, clock }: { db: Db; clock: Clock }) {
  return async function apply(body: unknown): Promise<number> {
    const parsed = webhookSchema.safeParse(body);
    if (!parsed.success) return 0;
    // Item webhooks name the Item (hosted linking); processor-token webhooks name the account.
    const { item_id: itemId } = parsed.data;
    if (itemId !== undefined && !parsed.data.account_id)
      return applyItemWebhook(db, clock, { ...parsed.data, item_id: itemId });
    if (!parsed.data.account_id) return 0;
    const status = statusFor(parsed.data);
    if (!status) return 0;
    const links = (await listLiveByPlaidAccount(db, parsed.data.account_id)).filter(
      (l) => l.status !== status,
    );
    if (links.length === 0) return 0;
    const now = clock.now().toISOString();
    await db.transaction().execute(async (tx) => {
      for (const link of links) {
        // A link removed meanwhile stays removed.
        if (!(await updateLiveLinkedAccount(tx, link.brand_id, link.id, { status, updated_at: now })))
          continue;
        await insertEvent(tx, {
          id: newId(),
          brand_id: link.brand_id,
          type: EVENT_BY_STATUS[status],
          subject_id: link.id,
          data: JSON.stringify({
            linked_account_id: link.id,
            account_id: link.account_id,
            previous_status: link.status,
            status,
          }),
          created_at: now,
        });
      }
    });
    return links.length;
  };
}
