import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IdempotencyService } from '../../../domain/idempotency/idempotency.service.js';
import { SANDBOX_WEBHOOK_CODES } from '../../../domain/links/items/item-admin.js';
import type { LinksModule } from '../../../domain/links/links.module.js';
import type { AddedItem } from '../../../domain/links/links.types.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { replyIdempotently } from '../../shared/idempotent.js';
import { brandSecurity as security, idempotencyHeaderSchema, idParam } from '../../shared/params.js';
import type { ZodApp } from '../../shared/zod-app.js';
import {
  bankAccountResponseSchema,
  createItemRequestSchema,
  itemLinkRequestSchema,
  itemListQuerySchema,
  itemListSchema,
  itemSchema,
  linkTokenSchema,
  profileLinkRequestSchema,
  setItemAccountsSchema,
} from './held-items.schemas.js';
import { presentBankAccount, presentItem, returnTarget } from './links.presenters.js';

type HeldItems = LinksModule['heldItems'];

function registerProfileLinkToken(app: ZodApp, hosted: HeldItems): void {
  app.post(
    '/plaid/links',
    {
      schema: {
        tags: ['Hosted linking'],
        summary: 'Create a link token for a profile (hosted linking)',
        description:
          'Open Plaid Link with it; Link answers a public token for POST /plaid/items. A redirect_uri or android_package_name (OAuth banks) must be registered for the brand first.',
        security,
        body: profileLinkRequestSchema,
        response: { 200: linkTokenSchema, ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request) => {
      const { linkToken } = await hosted.createLinkToken(
        requireTenant(request),
        { kind: 'profile', id: request.body.profile_id },
        returnTarget(request.body),
      );
      return { link_token: linkToken };
    },
  );
}

function registerAddItem(app: ZodApp, hosted: HeldItems, idempotency: IdempotencyService): void {
  app.post(
    '/plaid/items',
    {
      schema: {
        tags: ['Hosted linking'],
        summary: "Create a Plaid item from Link's public token (hosted linking)",
        description:
          "Exchanges the public token (Linkport keeps the access token, encrypted, and never returns it), reads the chosen accounts' numbers and registers Linkport's webhook on the item. A public token from update mode answers 200 with the item repaired and its accounts as chosen.",
        security,
        headers: idempotencyHeaderSchema,
        body: createItemRequestSchema,
        response: { 200: itemSchema, 201: itemSchema, ...errorResponses(400, 401, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const { body } = request;
      await replyIdempotently<AddedItem>(
        idempotency,
        request,
        reply,
        'POST /plaid/items',
        (commit) =>
          hosted.addItem(
            requireTenant(request),
            {
              owner: { kind: 'profile', id: body.profile_id },
              publicToken: body.plaid_public_token,
              publicTokenField: 'plaid_public_token',
              institutionId: body.plaid_institution.id,
              plaidAccountIds: body.plaid_account_ids,
              plaidAccountIdsField: 'plaid_account_ids',
              cardAccountId: null,
            },
            commit,
          ),
        (added) => ({ status: added.created ? 201 : 200, body: presentItem(added.item) }),
      );
    },
  );
}

function registerGetBankAccount(app: ZodApp, hosted: HeldItems): void {
  app.get(
    '/plaid/accounts/:account_id',
    {
      schema: {
        tags: ['Hosted linking'],
        summary: 'Get a bank account of a Plaid item (hosted linking)',
        security,
        params: z.object({ account_id: idParam }),
        response: { 200: bankAccountResponseSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { item, account } = await hosted.getBankAccount(
        requireTenant(request),
        request.params.account_id,
      );
      return {
        plaid_item_id: item.plaidItemId,
        plaid_institution_name: item.institutionName,
        bank_account: presentBankAccount(account),
      };
    },
  );
}

function registerListItems(app: ZodApp, hosted: HeldItems): void {
  app.get(
    '/profiles/:profile_id/plaid/items',
    {
      schema: {
        tags: ['Hosted linking'],
        summary: "List a profile's Plaid items and bank accounts (hosted linking)",
        description:
          'With include_login_status=true each item\'s login state is read from Plaid now (is_login_required "true" means: create an update-mode link token with POST /plaid/items/{item_id}/links); without it is_login_required is null.',
        security,
        params: z.object({ profile_id: idParam }),
        querystring: itemListQuerySchema,
        response: { 200: itemListSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const items = await hosted.listItems(
        requireTenant(request),
        { kind: 'profile', id: request.params.profile_id },
        { loginStatus: request.query.include_login_status === 'true' },
      );
      return {
        items: items.map((item) => ({
          ...presentItem(item),
          is_login_required:
            item.isLoginRequired === null ? null : (String(item.isLoginRequired) as 'true' | 'false'),
        })),
      };
    },
  );
}

function registerItemUpdateLinkToken(app: ZodApp, hosted: HeldItems): void {
  app.post(
    '/plaid/items/:item_id/links',
    {
      schema: {
        tags: ['Hosted linking'],
        summary: 'Create an update-mode link token for a Plaid item (hosted linking)',
        description:
          'Re-authentication of the bank login; with select_accounts "true" the account selection screen, after which PATCH /plaid/items/{item_id} takes the accounts the user chose.',
        security,
        params: z.object({ item_id: idParam }),
        body: itemLinkRequestSchema,
        response: { 200: linkTokenSchema, ...errorResponses(400, 401, 404, 422, 503) },
      },
    },
    async (request) => {
      const { linkToken } = await hosted.createItemUpdateLinkToken(
        requireTenant(request),
        request.params.item_id,
        {
          ...returnTarget(request.body),
          selectAccounts: request.body.select_accounts,
        },
      );
      return { link_token: linkToken };
    },
  );
}

function registerSetItemAccounts(app: ZodApp, hosted: HeldItems): void {
  app.patch(
    '/plaid/items/:item_id',
    {
      schema: {
        tags: ['Hosted linking'],
        summary: "Choose a Plaid item's bank accounts (hosted linking)",
        description:
          'The item keeps exactly the accounts named (Plaid account ids, or ids of its bank accounts): the others close, new ones are read from Plaid.',
        security,
        params: z.object({ item_id: idParam }),
        body: setItemAccountsSchema,
        response: { 200: itemSchema, ...errorResponses(400, 401, 404, 409, 422, 503) },
      },
    },
    async (request) =>
      presentItem(
        await hosted.setItemAccounts(
          requireTenant(request),
          request.params.item_id,
          request.body.plaid_bank_account_ids,
        ),
      ),
  );
}

function registerSandboxResetLogin(app: ZodApp, hosted: HeldItems): void {
  app.post(
    '/plaid/items/:item_id/sandbox/reset_login',
    {
      schema: {
        tags: ['Hosted linking'],
        summary: "Sandbox: break a Plaid item's login, to test update mode",
        description:
          "Only when Linkport runs on a sandbox (PLAID_ENV local or sandbox): Linkport holds the access token Plaid's /sandbox/item/reset_login needs. The item then needs a login (ITEM_LOGIN_REQUIRED) and its webhook reaches Linkport as at Plaid. 404 on production.",
        security,
        params: z.object({ item_id: idParam }),
        response: {
          200: z.object({ plaid_item_id: z.string(), reset_login: z.literal(true) }),
          ...errorResponses(401, 404, 422, 503),
        },
      },
    },
    async (request) => {
      await hosted.sandboxItemAction(requireTenant(request), request.params.item_id, { resetLogin: true });
      return { plaid_item_id: request.params.item_id, reset_login: true as const };
    },
  );
}

function registerSandboxFireWebhook(app: ZodApp, hosted: HeldItems): void {
  app.post(
    '/plaid/items/:item_id/sandbox/fire_webhook',
    {
      schema: {
        tags: ['Hosted linking'],
        summary: "Sandbox: have Plaid send one of a Plaid item's webhooks",
        description: 'Only when Linkport runs on a sandbox; 404 on production.',
        security,
        params: z.object({ item_id: idParam }),
        body: z.strictObject({
          webhook_code: z.enum(SANDBOX_WEBHOOK_CODES, {
            error: `must be one of ${SANDBOX_WEBHOOK_CODES.join(', ')}`,
          }),
        }),
        response: {
          200: z.object({ plaid_item_id: z.string(), webhook_fired: z.literal(true) }),
          ...errorResponses(400, 401, 404, 422, 503),
        },
      },
    },
    async (request) => {
      await hosted.sandboxItemAction(requireTenant(request), request.params.item_id, {
        webhookCode: request.body.webhook_code,
      });
      return { plaid_item_id: request.params.item_id, webhook_fired: true as const };
    },
  );
}

/**
 * Hosted linking (seed 003 for profiles, seed 000's owner-typed link tokens): Linkport holds the
 * Plaid Item, so no Plaid token ever leaves it.
 */
export function heldItemRoutes(links: LinksModule, idempotency: IdempotencyService): FastifyPluginAsyncZod {
  const hosted = links.heldItems;
  return async (app) => {
    registerProfileLinkToken(app, hosted);
    registerAddItem(app, hosted, idempotency);
    registerGetBankAccount(app, hosted);
    registerListItems(app, hosted);
    registerItemUpdateLinkToken(app, hosted);
    registerSetItemAccounts(app, hosted);
    registerSandboxResetLogin(app, hosted);
    registerSandboxFireWebhook(app, hosted);
  };
}
