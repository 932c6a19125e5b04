import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type {
  AccountsService,
  OwnerRef,
  PlatformAccount,
} from '../../../domain/accounts/accounts.service.js';
import type { ExternalAccountsService } from '../../../domain/external-accounts/external-accounts.service.js';
import type { LinkedAccount } from '../../../domain/external-accounts/external-accounts.types.js';
import type { IdempotencyService } from '../../../domain/idempotency/idempotency.service.js';
import { formatApiTime } from '../../../lib/time.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import {
  accountSchema,
  createAccountSchema,
  externalAccountSchema,
  idempotencyHeaderSchema,
  linkedSchema,
  linkRequestSchema,
  listQuerySchema,
  removedSchema,
} from './external-accounts.schemas.js';

const security = [{ Identity: [], Authorization: [] }];
const idParam = z.string().min(1).max(64);

/** The owner as the brand names it: `customer_id`, `business_id`, `pbb_user_id` or `profile_id`. */
export const ownerField = (owner: OwnerRef): Partial<Record<`${OwnerRef['kind']}_id`, string>> => ({
  [`${owner.kind}_id`]: owner.id,
});

/** The owner a request names (its schema lets exactly one of these through). */
export function ownerOf(body: {
  customer_id?: string | undefined;
  business_id?: string | undefined;
  pbb_user_id?: string | undefined;
}): OwnerRef {
  if (body.business_id !== undefined) return { kind: 'business', id: body.business_id };
  if (body.pbb_user_id !== undefined) return { kind: 'pbb_user', id: body.pbb_user_id };
  return { kind: 'customer', id: body.customer_id ?? '' };
}

function presentAccount(account: PlatformAccount) {
  return {
    account_id: account.id,
    type: account.type,
    ...ownerField(account.owner),
    balance_cents: account.balanceCents,
    currency: account.currency,
    date_created: formatApiTime(account.createdAt),
    date_updated: formatApiTime(account.updatedAt),
  };
}

/** Masked numbers show their last four only. */
const masked = (lastFour: string | null) => `****${lastFour ?? ''}`;

/** A link just made (seed 000's 201 body). */
export function presentLinked(linked: LinkedAccount) {
  return {
    account_id: linked.id,
    date_created: formatApiTime(linked.createdAt),
    date_updated: formatApiTime(linked.updatedAt),
    ...ownerField(linked.owner),
    status: linked.status,
    verification_status: linked.verificationStatus,
    type: 'external' as const,
    link_type: 'plaid' as const,
    linked_account_id: linked.id,
  };
}

export function presentExternal(linked: LinkedAccount) {
  return {
    linked_account_id: linked.id,
    plaid_access_token: null,
    ...ownerField(linked.owner),
    card_id: linked.accountId,
    date_created: formatApiTime(linked.createdAt),
    date_updated: formatApiTime(linked.updatedAt),
    status: linked.status,
    verification_status: linked.verificationStatus,
    bank_name: linked.bankName,
    bank_logo: linked.bankLogo ? `data:image/png;base64,${linked.bankLogo}` : null,
    account_number: linked.numbers ? linked.numbers.account : masked(linked.mask),
    routing_number: linked.numbers ? linked.numbers.routing : masked(linked.routingMask),
    account_type: linked.accountType,
    account_category: linked.accountCategory,
  };
}

export function externalAccountRoutes(
  accounts: AccountsService,
  externalAccounts: ExternalAccountsService,
  idempotency: IdempotencyService,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/v0.1/accounts',
      {
        schema: {
          tags: ['Accounts'],
          summary: 'Create a card account for a customer or business',
          security,
          body: createAccountSchema,
          response: { 201: accountSchema, ...errorResponses(400, 401, 404) },
        },
      },
      async (request, reply) => {
        const account = await accounts.create(requireTenant(request), ownerOf(request.body));
        return reply.status(201).send(presentAccount(account));
      },
    );

    app.get(
      '/api/v0.1/accounts/:account_id',
      {
        schema: {
          tags: ['Accounts'],
          summary: 'Get a card account',
          security,
          params: z.object({ account_id: idParam }),
          response: { 200: accountSchema, ...errorResponses(401, 404) },
        },
      },
      async (request) =>
        presentAccount(await accounts.get(requireTenant(request), request.params.account_id)),
    );

    app.post(
      '/api/v0.1/accounts/processor_tokens',
      {
        schema: {
          tags: ['External accounts'],
          summary: 'Link an external bank account from a Plaid processor token',
          description:
            'Linkport reads the account through Plaid (/processor/auth/get, /processor/account/get, /institutions/get_by_id), keeps its numbers and the token encrypted, and never returns either. 409 when the bank account is already linked to the owner (send replace_existing to keep that link with the new token); 503 with Retry-After when Plaid is unreachable.',
          security,
          headers: idempotencyHeaderSchema,
          body: linkRequestSchema,
          response: {
            200: linkedSchema,
            201: linkedSchema,
            ...errorResponses(400, 401, 404, 409, 422, 503),
          },
        },
      },
      async (request, reply) => {
        const tenant = requireTenant(request);
        const response = await idempotency.run(
          tenant,
          request.headers['idempotency-key'],
          'POST /api/v0.1/accounts/processor_tokens',
          request.body,
          async () => {
            const { linked, created } = await externalAccounts.link(tenant, {
              owner: ownerOf(request.body),
              processorToken: request.body.processor_token,
              accountId: request.body.account_id,
              replaceExisting: request.body.replace_existing,
            });
            return { status: created ? 201 : 200, body: presentLinked(linked) };
          },
        );
        return reply.status(response.status as 200 | 201).send(response.body as z.infer<typeof linkedSchema>);
      },
    );

    for (const version of ['v0', 'v0.1']) {
      app.get(
        `/api/${version}/accounts/:account_id/external_accounts`,
        {
          schema: {
            tags: ['External accounts'],
            summary: `List a card account's external accounts${version === 'v0' ? ' (v0 spelling)' : ''}`,
            description:
              'Numbers are masked to their last four unless list_full_account=true, which reveals them and records an audit entry per account.',
            security,
            params: z.object({ account_id: idParam }),
            querystring: listQuerySchema,
            response: { 200: z.array(externalAccountSchema), ...errorResponses(400, 401, 404) },
          },
        },
        async (request) => {
          const list = await externalAccounts.list(
            requireTenant(request),
            { accountId: request.params.account_id },
            {
              full: request.query.list_full_account === 'true',
              requestId: request.id,
            },
          );
          return list.map(presentExternal);
        },
      );
    }

    app.get(
      '/api/v0.1/pbb_users/:pbb_user_id/external_accounts',
      {
        schema: {
          tags: ['External accounts'],
          summary: "List a Pay-by-Bank user's external accounts",
          description:
            'Pay-by-Bank users have no card account: their accounts (linked with POST /api/v0.1/plaid/public_token) are listed by owner. Numbers are masked unless list_full_account=true.',
          security,
          params: z.object({ pbb_user_id: idParam }),
          querystring: listQuerySchema,
          response: { 200: z.array(externalAccountSchema), ...errorResponses(400, 401, 404) },
        },
      },
      async (request) => {
        const list = await externalAccounts.list(
          requireTenant(request),
          { owner: { kind: 'pbb_user', id: request.params.pbb_user_id } },
          { full: request.query.list_full_account === 'true', requestId: request.id },
        );
        return list.map(presentExternal);
      },
    );

    const presentRemoved = (removed: Awaited<ReturnType<ExternalAccountsService['remove']>>) => ({
      deleted_at: formatApiTime(removed.deletedAt),
      date_created: formatApiTime(removed.createdAt),
      linked_account_id: removed.id,
      account_id: removed.accountId,
      ...ownerField(removed.owner),
      bank_name: removed.bankName,
      status: 'removed' as const,
    });

    app.delete(
      '/api/v0.1/accounts/:linked_account_id',
      {
        schema: {
          tags: ['External accounts'],
          summary: 'Remove an external account',
          security,
          params: z.object({ linked_account_id: idParam }),
          response: { 200: removedSchema, ...errorResponses(401, 404) },
        },
      },
      async (request) =>
        presentRemoved(
          await externalAccounts.remove(requireTenant(request), request.params.linked_account_id),
        ),
    );

    app.delete(
      '/api/v0/accounts/:account_id/external_accounts/:linked_account_id',
      {
        schema: {
          tags: ['External accounts'],
          summary: 'Remove an external account (v0 spelling)',
          security,
          params: z.object({ account_id: idParam, linked_account_id: idParam }),
          response: { 200: removedSchema, ...errorResponses(401, 404) },
        },
      },
      async (request) =>
        presentRemoved(
          await externalAccounts.remove(
            requireTenant(request),
            request.params.linked_account_id,
            request.params.account_id,
          ),
        ),
    );
  };
}
