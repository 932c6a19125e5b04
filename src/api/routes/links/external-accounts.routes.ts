import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IdempotencyService } from '../../../domain/idempotency/idempotency.service.js';
import type { LinksModule } from '../../../domain/links/links.module.js';
import type { ProcessorLinkResult } from '../../../domain/links/processor-link.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { replyIdempotently } from '../../shared/idempotent.js';
import { ownerOf } from '../../shared/owners.js';
import { brandSecurity as security, idempotencyHeaderSchema, idParam } from '../../shared/params.js';
import type { ZodApp } from '../../shared/zod-app.js';
import { presentExternal, presentLinked, presentRemoved } from './links.presenters.js';
import {
  externalAccountSchema,
  linkedSchema,
  linkRequestSchema,
  listQuerySchema,
  removedSchema,
} from './links.schemas.js';

function registerProcessorTokenLink(app: ZodApp, links: LinksModule, idempotency: IdempotencyService): void {
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
    async (request, reply) =>
      replyIdempotently<ProcessorLinkResult>(
        idempotency,
        request,
        reply,
        'POST /api/v0.1/accounts/processor_tokens',
        (commit) =>
          links.processorLinks.link(
            requireTenant(request),
            {
              owner: ownerOf(request.body),
              processorToken: request.body.processor_token,
              accountId: request.body.account_id,
              replaceExisting: request.body.replace_existing,
            },
            commit,
          ),
        ({ linked, created }) => ({ status: created ? 201 : 200, body: presentLinked(linked) }),
      ),
  );
}

/** The list of a card account's external accounts, under both API versions' paths. */
function registerCardAccountLists(app: ZodApp, links: LinksModule): void {
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
        const list = await links.links.list(
          requireTenant(request),
          { accountId: request.params.account_id },
          { full: request.query.list_full_account === 'true' },
        );
        return list.map(presentExternal);
      },
    );
  }
}

function registerPbbUserList(app: ZodApp, links: LinksModule): void {
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
      const list = await links.links.list(
        requireTenant(request),
        { owner: { kind: 'pbb_user', id: request.params.pbb_user_id } },
        { full: request.query.list_full_account === 'true' },
      );
      return list.map(presentExternal);
    },
  );
}

function registerRemove(app: ZodApp, links: LinksModule): void {
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
      presentRemoved(await links.links.remove(requireTenant(request), request.params.linked_account_id)),
  );
}

function registerRemoveV0(app: ZodApp, links: LinksModule): void {
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
        await links.links.remove(
          requireTenant(request),
          request.params.linked_account_id,
          request.params.account_id,
        ),
      ),
  );
}

/** External accounts: links from the brand's processor tokens, and every link's listing and removal. */
export function externalAccountRoutes(
  links: LinksModule,
  idempotency: IdempotencyService,
): FastifyPluginAsyncZod {
  return async (app) => {
    registerProcessorTokenLink(app, links, idempotency);
    registerCardAccountLists(app, links);
    registerPbbUserList(app, links);
    registerRemove(app, links);
    registerRemoveV0(app, links);
  };
}
