import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccountsService } from '../../../domain/accounts/accounts.service.js';
import { toLinked } from '../../../domain/external-accounts/external-accounts.service.js';
import {
  type HostedLinkingService,
  SANDBOX_WEBHOOK_CODES,
} from '../../../domain/hosted-linking/hosted-linking.service.js';
import type { BankAccount, HeldItem } from '../../../domain/hosted-linking/hosted-linking.types.js';
import type { IdempotencyService } from '../../../domain/idempotency/idempotency.service.js';
import { formatApiTime } from '../../../lib/time.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { ownerOf, presentLinked } from '../external-accounts/external-accounts.routes.js';
import { idempotencyHeaderSchema } from '../external-accounts/external-accounts.schemas.js';
import {
  bankAccountResponseSchema,
  createItemRequestSchema,
  itemLinkRequestSchema,
  itemListQuerySchema,
  itemListSchema,
  itemSchema,
  linkTokenSchema,
  ownerLinkTokenRequestSchema,
  ownerLinkTokenSchema,
  profileLinkRequestSchema,
  publicTokenRequestSchema,
  publicTokenResponseSchema,
  setItemAccountsSchema,
} from './hosted-linking.schemas.js';

const security = [{ Identity: [], Authorization: [] }];
const idParam = z.string().min(1).max(128);

const presentBankAccount = (account: BankAccount) => ({
  id: account.id,
  account_number_last_four: account.lastFour,
  routing_number: account.routingNumber,
  profile_id: account.ownerId,
  type: account.type,
  status: account.status,
});

const presentItem = (item: HeldItem) => ({
  plaid_item_id: item.plaidItemId,
  plaid_institution_name: item.institutionName,
  bank_accounts: item.accounts.map(presentBankAccount),
});

const returnTarget = (body: {
  redirect_uri?: string | undefined;
  android_package_name?: string | undefined;
}) => ({
  redirectUri: body.redirect_uri,
  androidPackageName: body.android_package_name,
});

/**
 * Hosted linking (seed 003 for profiles, seed 000's owner-typed link tokens): Linkport holds the
 * Plaid Item, so no Plaid token ever leaves it.
 */
export function hostedLinkingRoutes(
  hosted: HostedLinkingService,
  accounts: AccountsService,
  idempotency: IdempotencyService,
): FastifyPluginAsyncZod {
  return async (app) => {
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
        const tenant = requireTenant(request);
        const { body } = request;
        const response = await idempotency.run(
          tenant,
          request.headers['idempotency-key'],
          'POST /plaid/items',
          body,
          async () => {
            const added = await hosted.addItem(tenant, {
              owner: { kind: 'profile', id: body.profile_id },
              publicToken: body.plaid_public_token,
              publicTokenField: 'plaid_public_token',
              institutionId: body.plaid_institution.id,
              plaidAccountIds: body.plaid_account_ids,
              plaidAccountIdsField: 'plaid_account_ids',
              cardAccountId: null,
            });
            return { status: added.created ? 201 : 200, body: presentItem(added.item) };
          },
        );
        return reply.status(response.status as 200 | 201).send(response.body as z.infer<typeof itemSchema>);
      },
    );

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
          plaid_item_id: item.plaid_item_id,
          plaid_institution_name: item.institution_name,
          bank_account: presentBankAccount(account),
        };
      },
    );

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

    app.post(
      '/api/v0.1/plaid/link_token',
      {
        schema: {
          tags: ['Hosted linking'],
          summary: 'Create a link token for a customer, business or Pay-by-Bank user (external accounts)',
          description:
            'Exactly one of customer_id, business_id, pbb_user_id. With linked_account_id, update mode for the bank login behind that account (linked with POST /api/v0.1/plaid/public_token).',
          security,
          body: ownerLinkTokenRequestSchema,
          response: { 200: ownerLinkTokenSchema, ...errorResponses(400, 401, 404, 422, 503) },
        },
      },
      async (request) => {
        const tenant = requireTenant(request);
        const { body } = request;
        const owner = ownerOf(body);
        const created =
          body.linked_account_id === undefined
            ? await hosted.createLinkToken(tenant, owner, returnTarget(body))
            : await hosted.createAccountUpdateLinkToken(tenant, owner, body.linked_account_id, {
                ...returnTarget(body),
                selectAccounts: body.select_accounts,
              });
        return { link_token: created.linkToken, expiration: formatApiTime(created.expiration) };
      },
    );

    app.post(
      '/api/v0.1/plaid/public_token',
      {
        schema: {
          tags: ['Hosted linking'],
          summary: "Link external accounts from Link's public token (external accounts)",
          description:
            "Linkport exchanges the public token and keeps the Plaid item; the chosen checking and savings accounts become the owner's external accounts, listed and removed like processor-token links (removing an item's last account removes the item at Plaid). A public token from update mode repairs the item and answers 200.",
          security,
          headers: idempotencyHeaderSchema,
          body: publicTokenRequestSchema,
          response: {
            200: publicTokenResponseSchema,
            201: publicTokenResponseSchema,
            ...errorResponses(400, 401, 404, 409, 422, 503),
          },
        },
      },
      async (request, reply) => {
        const tenant = requireTenant(request);
        const { body } = request;
        const response = await idempotency.run(
          tenant,
          request.headers['idempotency-key'],
          'POST /api/v0.1/plaid/public_token',
          body,
          async () => {
            const owner = ownerOf(body);
            // Unknown owner first (404), then its card account.
            await accounts.requireOwner(tenant, owner);
            const card =
              owner.kind === 'pbb_user'
                ? null
                : await accounts.resolveForLink(tenant, owner, body.account_id);
            const added = await hosted.addItem(tenant, {
              owner,
              publicToken: body.public_token,
              publicTokenField: 'public_token',
              plaidAccountIds: body.plaid_account_ids,
              plaidAccountIdsField: 'plaid_account_ids',
              cardAccountId: card?.id ?? null,
            });
            return {
              status: added.created ? 201 : 200,
              body: {
                plaid_item_id: added.item.plaidItemId,
                linked_accounts: added.links.map((row) => presentLinked(toLinked(row, owner))),
              },
            };
          },
        );
        return reply
          .status(response.status as 200 | 201)
          .send(response.body as z.infer<typeof publicTokenResponseSchema>);
      },
    );
  };
}
