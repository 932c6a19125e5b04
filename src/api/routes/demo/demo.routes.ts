import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Configuration, CountryCode, PlaidApi, Products } from 'plaid';
import { z } from 'zod';
import { createLinkportClient, type LinkportClient } from '../../../client/index.js';
import { AppError } from '../../../lib/errors.js';
import type { PlaidCredentials } from '../../../plaid/client/credentials.js';
import { registerDemoHosted, relay } from './demo-hosted.routes.js';
import { registerDemoInsights } from './demo-insights.routes.js';
import { registerDemoTransfers } from './demo-transfers.routes.js';
import { type DemoWebhookEndpoint, registerDemoWebhooks } from './demo-webhooks.routes.js';

/**
 * The demo brand's own small app, served by Linkport at /demo when it runs on the built-in sandbox:
 * a backend that holds the demo brand's Linkport credentials and its own sandbox Plaid keys (the
 * browser sees neither, nor any Plaid token but the link token), doing seed 000's steps (and, in
 * demo-hosted.routes.ts, seed 003's hosted linking; in demo-transfers.routes.ts, money movement).
 */
export interface DemoOptions {
  brand: { identity: string; secret: string };
  plaidBaseUrl: string;
  plaidCredentials: PlaidCredentials;
  /** Where the demo backend reaches Linkport's API, as any brand would. */
  apiUrl: () => string;
  /** The demo brand's own webhook endpoint at Linkport, once registered (after the API listens). */
  webhookEndpoint?: () => DemoWebhookEndpoint | undefined;
}

/** The demo's own input, checked like every platform route's: a 400 naming the field. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new AppError(
    'validation_error',
    `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
  );
}

const WEB_DIR = new URL('../../../../web/demo/', import.meta.url);

/** What the demo backend's processor-token routes share: Plaid on the brand's keys, Linkport, its Items. */
interface ProcessorDemo {
  plaid: PlaidApi;
  linkport: () => LinkportClient;
  /** The brand's own record of its Plaid Items, by linked account: a real brand keeps this in its database. */
  accessTokens: Map<string, string>;
}

const hide = { schema: { hide: true } };

function createPlaid(options: DemoOptions): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath: options.plaidBaseUrl,
      baseOptions: {
        headers: {
          'PLAID-CLIENT-ID': options.plaidCredentials.clientId,
          'PLAID-SECRET': options.plaidCredentials.secret,
        },
      },
    }),
  );
}

/** The page (its Link script pointed at the sandbox) and its scripts. */
function registerPages(app: FastifyInstance, options: DemoOptions): void {
  const page = readFileSync(new URL('index.html', WEB_DIR), 'utf8').replaceAll(
    '__PLAID_LINK_SCRIPT__',
    `${options.plaidBaseUrl}/link/v2/stable/link-initialize.js`,
  );
  app.get('/demo', hide, (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  for (const name of ['demo.js', 'hosted.js', 'webhooks.js', 'insights.js', 'transfers.js']) {
    const script = readFileSync(new URL(name, WEB_DIR), 'utf8');
    app.get(`/demo/${name}`, hide, (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').send(script),
    );
  }
}

/** Customers, link tokens and linking through a processor token. */
function registerProcessorLinking(
  app: FastifyInstance,
  { plaid, linkport, accessTokens }: ProcessorDemo,
): void {
  app.post('/demo/api/customers', hide, async (request, reply) => {
    const body = parse(
      z.object({ first_name: z.string().min(1), last_name: z.string().min(1) }),
      request.body,
    );
    const customer = await linkport().POST('/api/v0.1/customers', {
      body: { ...body, date_of_birth: '1990-01-01' },
    });
    if (!customer.data) return relay(reply, customer);
    const { customer_id } = customer.data;
    const account = await linkport().POST('/api/v0.1/accounts', { body: { customer_id } });
    return reply.status(account.response.status).send({ customer_id, account_id: account.data?.account_id });
  });

  app.post('/demo/api/link_token', hide, async (request) => {
    const body = parse(z.object({ linked_account_id: z.string().optional() }), request.body);
    const accessToken = body.linked_account_id ? accessTokens.get(body.linked_account_id) : undefined;
    const { data } = await plaid.linkTokenCreate({
      client_name: 'Demo Brand',
      language: 'en',
      country_codes: [CountryCode.Us],
      user: { client_user_id: 'demo-user' },
      ...(accessToken ? { access_token: accessToken } : { products: [Products.Auth] }),
    });
    return { link_token: data.link_token };
  });

  app.post('/demo/api/link', hide, async (request, reply) => {
    const body = parse(
      z.object({ customer_id: z.string(), public_token: z.string(), plaid_account_id: z.string() }),
      request.body,
    );
    const { data: item } = await plaid.itemPublicTokenExchange({ public_token: body.public_token });
    const { data: token } = await plaid.processorTokenCreate({
      access_token: item.access_token,
      account_id: body.plaid_account_id,
      processor: 'linkport' as never,
    });
    const linked = await linkport().POST('/api/v0.1/accounts/processor_tokens', {
      body: { customer_id: body.customer_id, processor_token: token.processor_token },
    });
    if (linked.data) accessTokens.set(linked.data.linked_account_id, item.access_token);
    return relay(reply, linked);
  });
}

/** The linked accounts: list, break (sandbox reset_login), remove. */
function registerLinkedAccounts(
  app: FastifyInstance,
  { plaid, linkport, accessTokens }: ProcessorDemo,
): void {
  app.get('/demo/api/accounts/:account_id/external_accounts', hide, async (request, reply) => {
    const { account_id } = parse(z.object({ account_id: z.string() }), request.params);
    const full = (request.query as Record<string, string>).full === 'true';
    const list = await linkport().GET('/api/v0.1/accounts/{account_id}/external_accounts', {
      params: { path: { account_id }, query: { list_full_account: full ? 'true' : 'false' } },
    });
    return relay(reply, list);
  });

  app.post('/demo/api/break', hide, async (request) => {
    const { linked_account_id } = parse(z.object({ linked_account_id: z.string() }), request.body);
    const accessToken = accessTokens.get(linked_account_id);
    if (accessToken) await plaid.sandboxItemResetLogin({ access_token: accessToken });
    return { broken: Boolean(accessToken) };
  });

  app.delete('/demo/api/linked/:linked_account_id', hide, async (request, reply) => {
    const { linked_account_id } = parse(z.object({ linked_account_id: z.string() }), request.params);
    const removed = await linkport().DELETE('/api/v0.1/accounts/{linked_account_id}', {
      params: { path: { linked_account_id } },
    });
    return relay(reply, removed);
  });
}

export async function registerDemo(app: FastifyInstance, options: DemoOptions): Promise<void> {
  const plaid = createPlaid(options);
  // Made per call: the API's URL is known only once it listens.
  const linkport = () =>
    createLinkportClient({
      baseUrl: options.apiUrl(),
      identity: options.brand.identity,
      secret: options.brand.secret,
    });
  const demo = { plaid, linkport, accessTokens: new Map<string, string>() };
  registerPages(app, options);
  registerProcessorLinking(app, demo);
  registerLinkedAccounts(app, demo);
  registerDemoHosted(app, { linkport, parse });
  registerDemoInsights(app, { linkport, parse, plaid });
  registerDemoTransfers(app, { linkport, parse });
  await registerDemoWebhooks(app, {
    linkport,
    parse,
    webhookEndpoint: options.webhookEndpoint ?? (() => undefined),
  });
}
