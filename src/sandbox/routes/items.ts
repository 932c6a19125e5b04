import type {
  AccountsGetResponse,
  ItemAccessTokenInvalidateResponse,
  AuthGetResponse,
  ItemGetResponse,
  ItemPublicTokenExchangeResponse,
  SandboxItemResetLoginResponse,
  SandboxPublicTokenCreateResponse,
} from 'plaid';
import { z } from 'zod';
import { defineEndpoint } from '../endpoint.js';
import { PlaidApiError } from '../errors.js';
import { isWellFormedToken, newToken } from '../ids.js';
import { investmentsStatus } from '../investments/status.js';
import {
  accountsJson,
  itemJson,
  presentAccount,
  presentItem,
  requireHealthy,
  requireInstitution,
  requireItem,
  requireServedProducts,
  requireSupportedProducts,
  selectAccounts,
  useProduct,
} from '../items.js';
import { checkSandboxLogin, createItemWithPublicToken, DEFAULT_DAYS_REQUESTED } from '../item-creation.js';
import { accountIdsOption, plaidRequest, product, webhookUrl } from '../validate.js';
import { enqueueItemWebhook, lastItemWebhook, webhookError } from '../webhooks.js';
import { JsonBody, type ResponseBody } from '../wire.js';
import type { SandboxAccount } from '../data/accounts.js';
import { type ItemRow, parseJsonList } from '../state.js';

/** The shape accountsJson and presentItem make up for /accounts/get, checked against Plaid's type. */
export const accountsGetShape = (accounts: readonly SandboxAccount[], item: ItemRow) =>
  ({
    accounts: accounts.map(presentAccount),
    item: presentItem(item),
  }) satisfies ResponseBody<AccountsGetResponse>;

const accessTokenRequest = plaidRequest({ access_token: z.string(), options: accountIdsOption });

const sandboxPublicTokenCreate = plaidRequest({
  institution_id: z.string(),
  initial_products: z.array(product).min(1, 'must list at least one product'),
  options: z
    .strictObject({
      webhook: webhookUrl.optional(),
      override_username: z.string().nullish(),
      override_password: z.string().nullish(),
      transactions: z
        .strictObject({
          start_date: z.iso.date().optional(),
          end_date: z.iso.date().optional(),
          days_requested: z.number().int().min(1).max(730).optional(),
        })
        .optional(),
      statements: z.unknown().optional(),
      income_verification: z.unknown().optional(),
    })
    .optional(),
  user_token: z.string().optional(),
  user_id: z.string().optional(),
});

export const itemEndpoints = [
  defineEndpoint('/sandbox/public_token/create', sandboxPublicTokenCreate, async (request, ctx) => {
    requireServedProducts(request.initial_products);
    const institution = requireInstitution(request.institution_id);
    requireSupportedProducts(institution, request.initial_products);
    const username = request.options?.override_username ?? 'user_good';
    const { customConfig } = checkSandboxLogin(username, request.options?.override_password ?? 'pass_good');
    const publicToken = await createItemWithPublicToken(ctx, {
      institution,
      username,
      products: request.initial_products,
      webhook: request.options?.webhook ?? null,
      daysRequested: request.options?.transactions?.days_requested ?? DEFAULT_DAYS_REQUESTED,
      customConfig,
      accountIds: null,
    });
    return { public_token: publicToken } satisfies ResponseBody<SandboxPublicTokenCreateResponse>;
  }),

  defineEndpoint(
    '/item/public_token/exchange',
    plaidRequest({ public_token: z.string() }),
    async (request, ctx) => {
      if (!isWellFormedToken('public', request.public_token)) throw new PlaidApiError('INVALID_PUBLIC_TOKEN');
      const now = ctx.now.toISOString();
      // One conditional update makes the token single-use even under concurrent exchanges.
      const claimed = await ctx.state.db
        .updateTable('sandbox_public_tokens')
        .set({ exchanged_at: now })
        .where('public_token', '=', request.public_token)
        .where('exchanged_at', 'is', null)
        .where('expires_at', '>', now)
        .where('item_id', 'in', (eb) =>
          eb.selectFrom('sandbox_items').select('item_id').where('client_id', '=', ctx.clientId),
        )
        .returning('item_id')
        .executeTakeFirst();
      if (!claimed) throw new PlaidApiError('INVALID_PUBLIC_TOKEN');
      const item = await ctx.state.db
        .selectFrom('sandbox_items')
        .select(['access_token', 'item_id'])
        .where('item_id', '=', claimed.item_id)
        .executeTakeFirstOrThrow();
      return {
        access_token: item.access_token,
        item_id: item.item_id,
      } satisfies ResponseBody<ItemPublicTokenExchangeResponse>;
    },
  ),

  defineEndpoint('/item/get', plaidRequest({ access_token: z.string() }), async (request, ctx) => {
    const item = await requireItem(ctx, request.access_token);
    // 200 even when the login is broken: the error is in item.error.
    const products = parseJsonList(item.products);
    return {
      item: presentItem(item),
      status: {
        ...(products.includes('transactions')
          ? {
              transactions: {
                last_successful_update: item.transactions_updated_at,
                last_failed_update: null,
              },
            }
          : {}),
        ...(products.includes('investments')
          ? { investments: await investmentsStatus(ctx.state.db, item) }
          : {}),
        last_webhook: await lastItemWebhook(ctx.state.db, item.item_id),
      },
    } satisfies ResponseBody<ItemGetResponse>;
  }),

  defineEndpoint(
    '/item/access_token/invalidate',
    plaidRequest({ access_token: z.string() }),
    async (request, ctx) => {
      const item = await requireItem(ctx, request.access_token);
      const rotated = newToken('access');
      await ctx.state.db
        .updateTable('sandbox_items')
        .set({ access_token: rotated })
        .where('item_id', '=', item.item_id)
        .execute();
      return { new_access_token: rotated } satisfies ResponseBody<ItemAccessTokenInvalidateResponse>;
    },
  ),

  defineEndpoint(
    '/item/remove',
    plaidRequest({
      access_token: z.string(),
      reason_code: z.string().nullish(),
      reason_note: z.string().nullish(),
    }),
    async (request, ctx) => {
      const item = await requireItem(ctx, request.access_token);
      await ctx.state.db
        .updateTable('sandbox_items')
        .set({ removed_at: ctx.now.toISOString() })
        .where('item_id', '=', item.item_id)
        .execute();
      return {};
    },
  ),

  ...(['/accounts/get', '/accounts/balance/get'] as const).map((path) =>
    defineEndpoint(path, accessTokenRequest, async (request, ctx) => {
      const item = await requireItem(ctx, request.access_token);
      requireHealthy(item);
      const accounts = selectAccounts(item, request.options?.account_ids);
      return new JsonBody(`{"accounts":${accountsJson(accounts)},"item":${itemJson(item)}}`);
    }),
  ),

  defineEndpoint('/auth/get', accessTokenRequest, async (request, ctx) => {
    let item = await requireItem(ctx, request.access_token);
    requireHealthy(item);
    item = await useProduct(ctx, item, 'auth');
    const accounts = selectAccounts(item, request.options?.account_ids).filter((a) => a.ach !== null);
    if (accounts.length === 0) throw new PlaidApiError('NO_AUTH_ACCOUNTS');
    return {
      accounts: accounts.map(presentAccount),
      numbers: {
        ach: accounts.flatMap((a) =>
          a.ach ? [{ account_id: a.account_id, ...a.ach, is_tokenized_account_number: false }] : [],
        ),
        eft: [],
        international: [],
        bacs: [],
      },
      item: presentItem(item),
    } satisfies ResponseBody<AuthGetResponse>;
  }),

  defineEndpoint(
    '/sandbox/item/reset_login',
    plaidRequest({ access_token: z.string() }),
    async (request, ctx) => {
      const item = await requireItem(ctx, request.access_token);
      await ctx.state.db.transaction().execute(async (tx) => {
        await tx
          .updateTable('sandbox_items')
          .set({ login_required: 1 })
          .where('item_id', '=', item.item_id)
          .execute();
        await enqueueItemWebhook(tx, ctx.now, item, {
          webhook_type: 'ITEM',
          webhook_code: 'ERROR',
          error: webhookError('ITEM_LOGIN_REQUIRED'),
        });
      });
      return { reset_login: true } satisfies ResponseBody<SandboxItemResetLoginResponse>;
    },
  ),
];
