import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { IdempotencyService } from '../../../domain/idempotency/idempotency.service.js';
import type { LinksModule } from '../../../domain/links/links.module.js';
import type { AddedItem } from '../../../domain/links/links.types.js';
import { formatApiTime } from '../../../lib/time.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { replyIdempotently } from '../../shared/idempotent.js';
import { ownerOf } from '../../shared/owners.js';
import { brandSecurity as security, idempotencyHeaderSchema } from '../../shared/params.js';
import type { ZodApp } from '../../shared/zod-app.js';
import {
  ownerLinkTokenRequestSchema,
  ownerLinkTokenSchema,
  publicTokenRequestSchema,
  publicTokenResponseSchema,
} from './held-items.schemas.js';
import { presentLinked, returnTarget } from './links.presenters.js';

type HeldItems = LinksModule['heldItems'];

function registerOwnerLinkToken(app: ZodApp, hosted: HeldItems): void {
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
}

function registerPublicToken(app: ZodApp, hosted: HeldItems, idempotency: IdempotencyService): void {
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
      const owner = ownerOf(body);
      await replyIdempotently<AddedItem>(
        idempotency,
        request,
        reply,
        'POST /api/v0.1/plaid/public_token',
        (commit) =>
          hosted.addOwnerItem(
            tenant,
            {
              owner,
              publicToken: body.public_token,
              publicTokenField: 'public_token',
              plaidAccountIds: body.plaid_account_ids,
              plaidAccountIdsField: 'plaid_account_ids',
            },
            body.account_id,
            commit,
          ),
        (added) => ({
          status: added.created ? 201 : 200,
          body: { plaid_item_id: added.item.plaidItemId, linked_accounts: added.links.map(presentLinked) },
        }),
      );
    },
  );
}

/**
 * Link tokens and public tokens for customers, businesses and Pay-by-Bank users: Linkport holds the
 * Plaid Item, and the accounts the user chose become the owner's external accounts.
 */
export function ownerLinkRoutes(links: LinksModule, idempotency: IdempotencyService): FastifyPluginAsyncZod {
  const hosted = links.heldItems;
  return async (app) => {
    registerOwnerLinkToken(app, hosted);
    registerPublicToken(app, hosted, idempotency);
  };
}
