import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { LinkportClient } from '../../../client/index.js';

/** What the hosted-linking tab's routes share with the rest of the demo backend. */
export interface DemoBackend {
  /** Linkport's typed client with the demo brand's credentials, as any brand would use it. */
  linkport: () => LinkportClient;
  /** The demo's input check: a 400 naming the field. */
  parse: <T>(schema: z.ZodType<T>, value: unknown) => T;
}

const id = z.string().trim().min(1, 'must not be empty').max(128);
const accountIds = z.array(id).min(1, 'choose at least one account').max(50);
const itemParams = z.object({ item_id: id });

/** Passes Linkport's answer on to the page as it is, errors included. */
export const relay = (reply: FastifyReply, answer: { data?: unknown; error?: unknown; response: Response }) =>
  reply.status(answer.response.status).send(answer.data ?? answer.error);

/**
 * The demo brand's backend for seed 003's hosted linking: Linkport holds the Plaid Item, so this
 * backend only relays link tokens, Link's public token and the accounts the user chose; it never
 * holds a Plaid access token.
 */
export function registerDemoHosted(app: FastifyInstance, { linkport, parse }: DemoBackend): void {
  const hide = { schema: { hide: true } };

  app.post('/demo/api/hosted/profiles', hide, async (request, reply) => {
    const body = parse(
      z.object({ first_name: z.string().trim().min(1), last_name: z.string().trim().min(1) }),
      request.body,
    );
    return relay(
      reply,
      await linkport().POST('/profiles', { body: { ...body, date_of_birth: '1990-01-01' } }),
    );
  });

  app.get('/demo/api/hosted/profiles/:profile_id/items', hide, async (request, reply) => {
    const { profile_id } = parse(z.object({ profile_id: id }), request.params);
    return relay(
      reply,
      await linkport().GET('/profiles/{profile_id}/plaid/items', {
        params: { path: { profile_id }, query: { include_login_status: 'true' } },
      }),
    );
  });

  app.post('/demo/api/hosted/link_token', hide, async (request, reply) => {
    const { profile_id } = parse(z.object({ profile_id: id }), request.body);
    return relay(reply, await linkport().POST('/plaid/links', { body: { profile_id } }));
  });

  registerHostedItems(app, { linkport, parse });
}

/** The profile's Items: adding one from Link's public token, and what the user does to them. */
function registerHostedItems(app: FastifyInstance, { linkport, parse }: DemoBackend): void {
  const hide = { schema: { hide: true } };

  app.post('/demo/api/hosted/items', hide, async (request, reply) => {
    const body = parse(
      z.object({
        profile_id: id,
        public_token: id,
        institution: z.object({ institution_id: id, name: z.string().trim().min(1) }),
        account_ids: accountIds,
      }),
      request.body,
    );
    return relay(
      reply,
      await linkport().POST('/plaid/items', {
        body: {
          profile_id: body.profile_id,
          plaid_public_token: body.public_token,
          plaid_institution: { id: body.institution.institution_id, name: body.institution.name },
          plaid_account_ids: body.account_ids,
        },
      }),
    );
  });

  app.post('/demo/api/hosted/items/:item_id/link_token', hide, async (request, reply) => {
    const { item_id } = parse(itemParams, request.params);
    const { select_accounts } = parse(z.object({ select_accounts: z.boolean() }), request.body);
    return relay(
      reply,
      await linkport().POST('/plaid/items/{item_id}/links', {
        params: { path: { item_id } },
        body: { select_accounts },
      }),
    );
  });

  app.patch('/demo/api/hosted/items/:item_id', hide, async (request, reply) => {
    const { item_id } = parse(itemParams, request.params);
    const { account_ids } = parse(z.object({ account_ids: accountIds }), request.body);
    return relay(
      reply,
      await linkport().PATCH('/plaid/items/{item_id}', {
        params: { path: { item_id } },
        body: { plaid_bank_account_ids: account_ids },
      }),
    );
  });

  // Sandbox only: Linkport, which holds the access token, puts the Item into ITEM_LOGIN_REQUIRED.
  app.post('/demo/api/hosted/items/:item_id/break', hide, async (request, reply) => {
    const { item_id } = parse(itemParams, request.params);
    return relay(
      reply,
      await linkport().POST('/plaid/items/{item_id}/sandbox/reset_login', { params: { path: { item_id } } }),
    );
  });
}
