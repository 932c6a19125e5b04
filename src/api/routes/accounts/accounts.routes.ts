import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccountsService, PlatformAccount } from '../../../domain/accounts/accounts.service.js';
import type { CardBalance } from '../../../domain/ledger/ledger.js';
import type { TransfersModule } from '../../../domain/transfers/transfers.module.js';
import { formatApiTime } from '../../../lib/time.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { ownerField, ownerOf } from '../../shared/owners.js';
import { brandSecurity as security, idParam } from '../../shared/params.js';
import { accountSchema, createAccountSchema } from './accounts.schemas.js';

/** A card account. */
function presentAccount(account: PlatformAccount, balance: CardBalance) {
  return {
    account_id: account.id,
    type: account.type,
    ...ownerField(account.owner),
    balance_cents: balance.currentCents,
    current_balance_cents: balance.currentCents,
    available_balance_cents: balance.availableCents,
    currency: account.currency,
    date_created: formatApiTime(account.createdAt),
    date_updated: formatApiTime(account.updatedAt),
  };
}

/** Card accounts: the platform accounts of customers and businesses, which links hang off. */
export function accountRoutes(accounts: AccountsService, transfers: TransfersModule): FastifyPluginAsyncZod {
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
        return reply.status(201).send(presentAccount(account, { currentCents: 0, availableCents: 0 }));
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
      async (request) => {
        const tenant = requireTenant(request);
        const account = await accounts.get(tenant, request.params.account_id);
        return presentAccount(account, await transfers.balances(tenant, account.id));
      },
    );
  };
}
