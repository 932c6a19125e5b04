import type {
  ProcessorAccountGetResponse,
  ProcessorAuthGetResponse,
  ProcessorBalanceGetResponse,
  ProcessorTokenCreateResponse,
  ProcessorTokenPermissionsGetResponse,
  SandboxProcessorTokenCreateResponse,
  Products,
} from 'plaid';
import { z } from 'zod';
import { defineEndpoint, type SandboxContext } from '../endpoint.js';
import { invalidField, PlaidApiError } from '../errors.js';
import { PROCESSORS } from '../data/processors.js';
import { newToken } from '../ids.js';
import { accountsForItem } from '../data/accounts.js';
import {
  findAccount,
  presentAccount,
  requireHealthy,
  requireInstitution,
  requireItem,
  useProduct,
} from '../items.js';
import { DEFAULT_DAYS_REQUESTED, checkSandboxLogin, createItemWithPublicToken } from '../item-creation.js';
import { parseJsonList } from '../state.js';
import { readThroughProcessorToken, requireProcessorToken } from '../processor-tokens.js';
import { plaidRequest, product } from '../validate.js';
import { JsonBody, type ResponseBody, type Wire } from '../wire.js';
import type { SandboxAccount } from '../data/accounts.js';

const processorTokenRequest = plaidRequest({ processor_token: z.string() });

/** A new processor token for one account of an Item; it reads every product until narrowed. */
async function insertProcessorToken(
  ctx: SandboxContext,
  itemId: string,
  accountId: string,
  processor: string,
): Promise<string> {
  const token = newToken('processor');
  await ctx.state.db
    .insertInto('sandbox_processor_tokens')
    .values({
      processor_token: token,
      item_id: itemId,
      account_id: accountId,
      processor,
      products: '[]',
      webhook: null,
      created_at: ctx.now.toISOString(),
    })
    .execute();
  return token;
}

/** The /processor/auth/get body of an account, which never changes: serialised once per account. */
export function processorAuthBody(account: SandboxAccount) {
  return {
    account: presentAccount(account),
    // Single objects here, where /auth/get has arrays.
    numbers: {
      ach: account.ach
        ? { account_id: account.account_id, ...account.ach, is_tokenized_account_number: false }
        : null,
      eft: null,
      international: null,
      bacs: null,
    },
  } satisfies ResponseBody<ProcessorAuthGetResponse>;
}

const processorAuthJsonCache = new WeakMap<SandboxAccount, string>();

function processorAuthJson(account: SandboxAccount): string {
  let json = processorAuthJsonCache.get(account);
  if (json === undefined) {
    json = JSON.stringify(processorAuthBody(account));
    processorAuthJsonCache.set(account, json);
  }
  return json;
}

async function readAccount(ctx: SandboxContext, token: string, needed: string) {
  const { row, item } = await readThroughProcessorToken(ctx, token, needed);
  return { row, item, account: findAccount(item, row.account_id) };
}

export const processorEndpoints = [
  defineEndpoint(
    '/processor/token/create',
    plaidRequest({ access_token: z.string(), account_id: z.string(), processor: z.string() }),
    async (request, ctx) => {
      if (!PROCESSORS.has(request.processor))
        throw invalidField(`processor: ${request.processor} is not a supported processor`);
      const item = await requireItem(ctx, request.access_token);
      requireHealthy(item);
      findAccount(item, request.account_id);
      const token = await insertProcessorToken(ctx, item.item_id, request.account_id, request.processor);
      return { processor_token: token } satisfies ResponseBody<ProcessorTokenCreateResponse>;
    },
  ),

  defineEndpoint('/processor/account/get', processorTokenRequest, async (request, ctx) => {
    const { item, account } = await readAccount(ctx, request.processor_token, 'balance');
    return {
      account: presentAccount(account),
      institution_id: item.institution_id,
    } satisfies ResponseBody<ProcessorAccountGetResponse>;
  }),

  defineEndpoint(
    '/processor/balance/get',
    plaidRequest({
      processor_token: z.string(),
      options: z.strictObject({ min_last_updated_datetime: z.string().optional() }).optional(),
    }),
    async (request, ctx) => {
      const { account } = await readAccount(ctx, request.processor_token, 'balance');
      return { account: presentAccount(account) } satisfies ResponseBody<ProcessorBalanceGetResponse>;
    },
  ),

  defineEndpoint('/processor/auth/get', processorTokenRequest, async (request, ctx) => {
    const { item, account } = await readAccount(ctx, request.processor_token, 'auth');
    if (!account.ach) throw new PlaidApiError('NO_AUTH_ACCOUNTS');
    await useProduct(ctx, item, 'auth');
    return new JsonBody(processorAuthJson(account));
  }),

  defineEndpoint(
    '/processor/token/permissions/set',
    plaidRequest({ processor_token: z.string(), products: z.array(product) }),
    async (request, ctx) => {
      const { row } = await requireProcessorToken(ctx, request.processor_token);
      await ctx.state.db
        .updateTable('sandbox_processor_tokens')
        .set({ products: JSON.stringify([...new Set(request.products)]) })
        .where('processor_token', '=', row.processor_token)
        .execute();
      return {};
    },
  ),

  defineEndpoint('/processor/token/permissions/get', processorTokenRequest, async (request, ctx) => {
    const { row } = await requireProcessorToken(ctx, request.processor_token);
    return {
      products: parseJsonList<Wire<Products>>(row.products),
    } satisfies ResponseBody<ProcessorTokenPermissionsGetResponse>;
  }),

  defineEndpoint(
    '/sandbox/processor_token/create',
    plaidRequest({
      institution_id: z.string(),
      options: z
        .strictObject({ override_username: z.string().nullish(), override_password: z.string().nullish() })
        .optional(),
    }),
    async (request, ctx) => {
      const institution = requireInstitution(request.institution_id);
      const username = request.options?.override_username ?? 'user_good';
      const { customConfig } = checkSandboxLogin(username, request.options?.override_password ?? 'pass_good');
      const publicToken = await createItemWithPublicToken(ctx, {
        institution,
        username,
        products: ['auth'],
        webhook: null,
        daysRequested: DEFAULT_DAYS_REQUESTED,
        customConfig,
        accountIds: null,
      });
      const item = await ctx.state.db
        .selectFrom('sandbox_items')
        .selectAll()
        .where('item_id', '=', (eb) =>
          eb.selectFrom('sandbox_public_tokens').select('item_id').where('public_token', '=', publicToken),
        )
        .executeTakeFirstOrThrow();
      // Plaid does not say which account; its partners document Plaid Checking, the first checking account.
      const checking = accountsForItem(item).find((a) => String(a.subtype) === 'checking');
      if (!checking) throw new PlaidApiError('NO_AUTH_ACCOUNTS');
      const token = await insertProcessorToken(ctx, item.item_id, checking.account_id, 'sandbox');
      return { processor_token: token } satisfies ResponseBody<SandboxProcessorTokenCreateResponse>;
    },
  ),
];
