import type {
  ItemWebhookUpdateResponse,
  SandboxItemFireWebhookResponse,
  WebhookVerificationKeyGetResponse,
} from 'plaid';
import { z } from 'zod';
import { defineEndpoint } from '../endpoint.js';
import { PlaidApiError } from '../errors.js';
import { accountsForItem } from '../data/accounts.js';
import { presentItem, requireItem } from '../items.js';
import { requireProcessorToken } from '../processor-tokens.js';
import { type ItemRow, parseJsonList } from '../state.js';
import { plaidRequest, webhookUrl } from '../validate.js';
import { enqueueItemWebhook, enqueueWebhook, webhookError } from '../webhooks.js';
import type { ResponseBody } from '../wire.js';

const FIRE_CODES = [
  'DEFAULT_UPDATE',
  'NEW_ACCOUNTS_AVAILABLE',
  'USER_PERMISSION_REVOKED',
  'USER_ACCOUNT_REVOKED',
  'PENDING_DISCONNECT',
  'RECURRING_TRANSACTIONS_UPDATE',
  'LOGIN_REPAIRED',
  'SYNC_UPDATES_AVAILABLE',
  'ERROR',
] as const;
type FireCode = (typeof FIRE_CODES)[number];

const TRANSACTIONS_CODES = new Set<FireCode>([
  'DEFAULT_UPDATE',
  'RECURRING_TRANSACTIONS_UPDATE',
  'SYNC_UPDATES_AVAILABLE',
]);

/** Item-health codes, which also reach the Item's processor tokens (see enqueueItemWebhook). */
const PROCESSOR_CODES = new Set<FireCode>([
  'ERROR',
  'LOGIN_REPAIRED',
  'PENDING_DISCONNECT',
  'USER_PERMISSION_REVOKED',
]);

/** The payload Plaid sends for a fired code (reference §6.3). */
function firePayload(
  code: FireCode,
  item: ItemRow,
  now: Date,
): { webhook_type: string; webhook_code: string; item_id: string } & Record<string, unknown> {
  const base = { item_id: item.item_id };
  const accountIds = accountsForItem(item).map((a) => a.account_id);
  switch (code) {
    case 'DEFAULT_UPDATE':
      return { webhook_type: 'TRANSACTIONS', webhook_code: code, ...base, new_transactions: 0, error: null };
    case 'RECURRING_TRANSACTIONS_UPDATE':
      return { webhook_type: 'TRANSACTIONS', webhook_code: code, ...base, account_ids: accountIds };
    case 'SYNC_UPDATES_AVAILABLE':
      return {
        webhook_type: 'TRANSACTIONS',
        webhook_code: code,
        ...base,
        initial_update_complete: true,
        historical_update_complete: true,
      };
    case 'NEW_ACCOUNTS_AVAILABLE':
      return { webhook_type: 'ITEM', webhook_code: code, ...base, error: null };
    case 'USER_PERMISSION_REVOKED':
      return {
        webhook_type: 'ITEM',
        webhook_code: code,
        ...base,
        error: webhookError('USER_PERMISSION_REVOKED'),
      };
    case 'USER_ACCOUNT_REVOKED':
      return { webhook_type: 'ITEM', webhook_code: code, ...base, account_id: accountIds[0] };
    case 'PENDING_DISCONNECT':
      return {
        webhook_type: 'ITEM',
        webhook_code: code,
        ...base,
        reason: 'INSTITUTION_TOKEN_EXPIRATION',
        disconnect_time: new Date(now.getTime() + 7 * 24 * 3600_000).toISOString(),
      };
    case 'LOGIN_REPAIRED':
      return { webhook_type: 'ITEM', webhook_code: code, ...base };
    case 'ERROR':
      return {
        webhook_type: 'ITEM',
        webhook_code: code,
        ...base,
        error: webhookError('ITEM_LOGIN_REQUIRED'),
      };
  }
}

export const webhookEndpoints = [
  defineEndpoint(
    '/webhook_verification_key/get',
    plaidRequest({ key_id: z.string() }),
    async (request, ctx) => {
      const row = await ctx.state.db
        .selectFrom('sandbox_webhook_keys')
        .selectAll()
        .where('kid', '=', request.key_id)
        .executeTakeFirst();
      if (!row) throw new PlaidApiError('INVALID_WEBHOOK_VERIFICATION_KEY_ID');
      const jwk = JSON.parse(row.public_jwk) as {
        alg: string;
        crv: string;
        kid: string;
        kty: string;
        use: string;
        x: string;
        y: string;
      };
      const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
      return {
        key: {
          ...jwk,
          created_at: seconds(row.created_at),
          expired_at: row.expired_at ? seconds(row.expired_at) : null,
        },
      } satisfies ResponseBody<WebhookVerificationKeyGetResponse>;
    },
  ),

  defineEndpoint(
    '/item/webhook/update',
    plaidRequest({ access_token: z.string(), webhook: webhookUrl.nullable() }),
    async (request, ctx) => {
      const item = await requireItem(ctx, request.access_token);
      const webhook = request.webhook;
      await ctx.state.db.transaction().execute(async (tx) => {
        await tx.updateTable('sandbox_items').set({ webhook }).where('item_id', '=', item.item_id).execute();
        if (webhook) {
          await enqueueWebhook(tx, ctx.now, webhook, {
            webhook_type: 'ITEM',
            webhook_code: 'WEBHOOK_UPDATE_ACKNOWLEDGED',
            item_id: item.item_id,
            new_webhook_url: webhook,
            error: null,
          });
        }
      });
      return { item: presentItem({ ...item, webhook }) } satisfies ResponseBody<ItemWebhookUpdateResponse>;
    },
  ),

  defineEndpoint(
    '/processor/token/webhook/update',
    plaidRequest({ processor_token: z.string(), webhook: webhookUrl.nullable() }),
    async (request, ctx) => {
      const { row } = await requireProcessorToken(ctx, request.processor_token);
      const webhook = request.webhook;
      await ctx.state.db.transaction().execute(async (tx) => {
        await tx
          .updateTable('sandbox_processor_tokens')
          .set({ webhook })
          .where('processor_token', '=', row.processor_token)
          .execute();
        if (webhook) {
          await enqueueWebhook(tx, ctx.now, webhook, {
            webhook_type: 'PROCESSOR_TOKEN',
            webhook_code: 'WEBHOOK_UPDATE_ACKNOWLEDGED',
            account_id: row.account_id,
            new_webhook_url: webhook,
            error: null,
          });
        }
      });
      return {};
    },
  ),

  defineEndpoint(
    '/sandbox/item/fire_webhook',
    plaidRequest({
      access_token: z.string(),
      webhook_type: z.string().optional(),
      webhook_code: z.enum(FIRE_CODES),
    }),
    async (request, ctx) => {
      const item = await requireItem(ctx, request.access_token);
      if (
        TRANSACTIONS_CODES.has(request.webhook_code) &&
        !parseJsonList(item.products).includes('transactions')
      ) {
        throw new PlaidApiError('SANDBOX_PRODUCT_NOT_ENABLED', { product: 'transactions' });
      }
      const payload = firePayload(request.webhook_code, item, ctx.now);
      const sent = await ctx.state.db.transaction().execute(async (tx) => {
        if (PROCESSOR_CODES.has(request.webhook_code)) {
          // enqueueItemWebhook puts item_id (or each token's account_id) back in its place.
          const { item_id: _itemId, ...rest } = payload;
          return enqueueItemWebhook(tx, ctx.now, item, rest);
        }
        if (!item.webhook) return 0;
        await enqueueWebhook(tx, ctx.now, item.webhook, payload);
        return 1;
      });
      if (sent === 0) throw new PlaidApiError('SANDBOX_WEBHOOK_INVALID');
      return { webhook_fired: true } satisfies ResponseBody<SandboxItemFireWebhookResponse>;
    },
  ),
];
