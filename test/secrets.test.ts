import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CountryCode, Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { buildContainer } from '../src/container.js';
import { createLogger } from '../src/lib/logger.js';
import { createPlaidGateway } from '../src/plaid/client/plaid-gateway.js';
import { type SandboxHarness, startSandbox, TEST_CLIENT } from '../src/sandbox/sandbox.test-helper.js';
import { deliverDueWebhooks } from '../src/sandbox/webhooks.js';
import { completeLink } from './support/link-driver.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';
import { openStore } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { TEST_ADMIN_TOKEN, TEST_MASTER_KEY } from './support/app.js';

const FULL_ACCOUNT_NUMBER = '1111222233330000';

/** Linkport on a SQLite file with every log line kept, talking to the sandbox; requests over HTTP. */
async function startRecorded(sandbox: SandboxHarness) {
  const dir = mkdtempSync(path.join(tmpdir(), 'linkport-secrets-'));
  const logLines: string[] = [];
  const file = path.join(dir, 'linkport.db');
  const store = await openStore({ kind: 'sqlite', file });
  await migrateToLatest(store);
  const config = loadConfig({
    DATABASE_URL: `sqlite:${file}`,
    LINKPORT_DATA_DIR: dir,
    LINKPORT_MASTER_KEY: TEST_MASTER_KEY,
    LINKPORT_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
  });
  let url = '';
  const container = await buildContainer(config, {
    store,
    logger: createLogger('trace', { write: (line: string) => void logLines.push(line) }),
    plaid: createPlaidGateway(sandbox.url, () => TEST_CLIENT),
    webhookUrl: () => `${url}/webhooks/plaid`,
  });
  const app = await buildApp(container);
  url = await app.listen({ port: 0, host: '127.0.0.1' });

  const call = async (method: string, route: string, headers: Record<string, string>, body?: unknown) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { text, json: JSON.parse(text) as Record<string, unknown> };
  };
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const brand = (await call('POST', '/admin/brands', admin, { name: 'Acme' })).json;
  const headers = {
    identity: String(brand.identity),
    authorization: String(brand.secret),
    'content-type': 'application/json',
  };
  return {
    dir,
    logLines,
    call,
    admin,
    brandId: String(brand.brand_id),
    headers,
    /** Sends the brand's webhooks that are due (what the worker does). */
    deliverWebhooks: () => container.webhooks.dispatcher().drain(),
    async stop() {
      await app.close();
      await container.close();
    },
  };
}

/** What a scan finds: the secrets in no response, no log line, no byte of the database files. */
function expectNowhere(
  recorded: { dir: string; logLines: string[] },
  secrets: string[],
  responses: string[],
) {
  for (const secret of secrets) for (const response of responses) expect(response).not.toContain(secret);
  expect(recorded.logLines.length).toBeGreaterThan(10);
  const log = recorded.logLines.join('\n');
  for (const secret of secrets) expect(log).not.toContain(secret);
  const files = readdirSync(recorded.dir).filter((f) => f.startsWith('linkport.db'));
  expect(files).toContain('linkport.db');
  const contents = files.map((f) => readFileSync(path.join(recorded.dir, f)).toString('latin1'));
  // The link is in these bytes (so the scan looks where the data is), its secrets are not.
  expect(contents.some((bytes) => bytes.includes('First Platypus Bank'))).toBe(true);
  for (const bytes of contents) for (const secret of secrets) expect(bytes).not.toContain(secret);
}

/**
 * Seed 000's whole flow on a SQLite file with every log line kept: the processor token, the access
 * token and the full account number must appear nowhere but in the one documented reveal.
 */
describe('secrets stay secret', () => {
  let sandbox: SandboxHarness;
  let recorded: Awaited<ReturnType<typeof startRecorded>>;
  const responses: string[] = [];
  let revealed = '';
  let secrets: string[] = [];
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let webhookSecret = '';

  beforeAll(async () => {
    sandbox = await startSandbox();
    recorded = await startRecorded(sandbox);
    receiver = await startWebhookReceiver();
    const { call, admin, headers } = recorded;
    await call('PUT', `/admin/brands/${recorded.brandId}/integrations/plaid`, admin, { enabled: true });
    // The brand's webhook endpoint: its signing secret is answered once, here, and kept nowhere in clear.
    webhookSecret = String(
      (await call('POST', '/api/v0.1/webhook_endpoints', headers, { url: receiver.url })).json.secret,
    );
    const customer = await call('POST', '/api/v0.1/customers', headers, {
      first_name: 'Alberta',
      last_name: 'Charleson',
      date_of_birth: '1985-12-10',
    });
    const account = await call('POST', '/api/v0.1/accounts', headers, {
      customer_id: customer.json.customer_id,
    });
    const accountId = String(account.json.account_id);

    await sandbox.plaid.linkTokenCreate({
      products: [Products.Auth],
      client_name: 'Acme',
      country_codes: [CountryCode.Us],
      language: 'en',
      user: { client_user_id: 'user-1' },
    });
    const { data: created } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth],
    });
    const { data: exchanged } = await sandbox.plaid.itemPublicTokenExchange({
      public_token: created.public_token,
    });
    const { data: accounts } = await sandbox.plaid.accountsGet({ access_token: exchanged.access_token });
    const { data: token } = await sandbox.plaid.processorTokenCreate({
      access_token: exchanged.access_token,
      account_id: accounts.accounts[0]?.account_id ?? '',
      processor: 'linkport' as never,
    });
    secrets = [token.processor_token, exchanged.access_token, FULL_ACCOUNT_NUMBER];

    const linked = await call('POST', '/api/v0.1/accounts/processor_tokens', headers, {
      processor_token: token.processor_token,
      customer_id: customer.json.customer_id,
    });
    await sandbox.plaid.sandboxItemResetLogin({ access_token: exchanged.access_token });
    await deliverDueWebhooks(sandbox.state);
    const masked = await call('GET', `/api/v0.1/accounts/${accountId}/external_accounts`, headers);
    revealed = (
      await call('GET', `/api/v0.1/accounts/${accountId}/external_accounts?list_full_account=true`, headers)
    ).text;
    // Money out: the number goes into the NACHA file the bank takes, and nowhere else.
    const fund = await call('POST', `/api/v0.1/sandbox/accounts/${accountId}/fund`, headers, {
      amount: 5000,
    });
    const push = await call(
      'POST',
      '/api/v0.1/transfers',
      { ...headers, 'idempotency-key': 'secret-push' },
      {
        from: accountId,
        to: linked.json.linked_account_id,
        amount: 1000,
        currency: 'USD',
        description: 'Payout',
      },
    );
    const day = await call('POST', '/api/v0.1/sandbox/ach/advance_day', headers);
    const transfer = await call('GET', `/api/v0.1/transfers/${String(push.json.transfer_id)}`, headers);
    expect(transfer.json.status).toBe('settled');
    const removed = await call(
      'DELETE',
      `/api/v0.1/accounts/${String(linked.json.linked_account_id)}`,
      headers,
    );
    const events = await call('GET', '/api/v0.1/events', headers);
    // A bad token is echoed nowhere either.
    const refused = await call('POST', '/api/v0.1/accounts/processor_tokens', headers, {
      processor_token: token.processor_token.replace(/.$/, '0'),
      customer_id: customer.json.customer_id,
    });
    secrets.push(token.processor_token.replace(/.$/, '0'));
    await recorded.deliverWebhooks();
    expect(receiver.received.length).toBeGreaterThanOrEqual(3);
    responses.push(...receiver.received.map((r) => `${JSON.stringify(r.headers)}\n${r.body}`));
    responses.push(
      customer.text,
      account.text,
      linked.text,
      masked.text,
      removed.text,
      events.text,
      refused.text,
      fund.text,
      push.text,
      day.text,
      transfer.text,
    );
    await recorded.stop();
  });
  afterAll(async () => {
    await receiver.close();
    await sandbox.close();
    rmSync(recorded.dir, { recursive: true, force: true });
  });

  it('reveals the full number only when asked', () => {
    expect(revealed).toContain(FULL_ACCOUNT_NUMBER);
  });

  it('writes the full account number only into the NACHA file, 0600 in a 0700 folder', () => {
    const folder = path.join(recorded.dir, 'ach', 'outbound', 'processed');
    const files = readdirSync(folder).filter((f) => f.endsWith('.ach'));
    expect(files).toHaveLength(1);
    const file = path.join(folder, files[0] ?? '');
    expect(readFileSync(file, 'latin1')).toContain(FULL_ACCOUNT_NUMBER);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(recorded.dir, 'ach')).mode & 0o777).toBe(0o700);
  });

  it('keeps every secret out of the responses, webhooks, the log and the database files, WAL included', () => {
    expect(secrets).toHaveLength(4);
    expectNowhere(recorded, [...secrets, webhookSecret, webhookSecret.slice('whsec_'.length)], responses);
  });
});

/**
 * Hosted linking (seed 003, seed 000's public tokens): Linkport holds the access token. It must
 * appear in no response, log line or database byte, through every route that uses it.
 */
describe('access tokens Linkport holds stay secret', () => {
  let sandbox: SandboxHarness;
  let recorded: Awaited<ReturnType<typeof startRecorded>>;
  const responses: string[] = [];
  const secrets: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox();
    recorded = await startRecorded(sandbox);
    const { call, headers } = recorded;
    const keep = <T extends { text: string }>(response: T): T => {
      responses.push(response.text);
      return response;
    };
    const profile = keep(
      await call('POST', '/profiles', headers, {
        first_name: 'Alberta',
        last_name: 'Charleson',
        date_of_birth: '1985-12-10',
      }),
    );
    const profileId = String(profile.json.profile_id);
    const token = keep(await call('POST', '/plaid/links', headers, { profile_id: profileId }));
    const link = await completeLink(sandbox.url, String(token.json.link_token), {
      pick: (offered) =>
        offered.filter((a) => a.subtype === 'checking' || a.subtype === 'savings').map((a) => a.id),
    });
    const item = keep(
      await call('POST', '/plaid/items', headers, {
        profile_id: profileId,
        plaid_public_token: link.publicToken,
        plaid_institution: { id: link.institution.institution_id, name: link.institution.name },
        plaid_account_ids: link.accounts.map((a) => a.id),
      }),
    );
    const itemId = String(item.json.plaid_item_id);
    const row = await sandbox.state.db
      .selectFrom('sandbox_items')
      .select('access_token')
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    secrets.push(row.access_token, link.publicToken, FULL_ACCOUNT_NUMBER);

    keep(await call('POST', `/plaid/items/${itemId}/sandbox/reset_login`, headers, {}));
    await deliverDueWebhooks(sandbox.state);
    keep(await call('GET', `/profiles/${profileId}/plaid/items?include_login_status=true`, headers));
    const update = keep(
      await call('POST', `/plaid/items/${itemId}/links`, headers, { select_accounts: 'true' }),
    );
    await completeLink(sandbox.url, String(update.json.link_token), {
      pick: (offered) => offered.filter((a) => a.subtype === 'savings').map((a) => a.id),
    });
    const accounts = item.json.bank_accounts as { id: string }[];
    keep(await call('GET', `/plaid/accounts/${accounts[0]?.id ?? ''}`, headers));
    keep(
      await call('PATCH', `/plaid/items/${itemId}`, headers, { plaid_bank_account_ids: [accounts[1]?.id] }),
    );
    // The spent public token again: refused, and echoed nowhere.
    keep(
      await call('POST', '/plaid/items', headers, {
        profile_id: profileId,
        plaid_public_token: link.publicToken,
        plaid_institution: { id: 'ins_109508', name: 'First Platypus Bank' },
        plaid_account_ids: link.accounts.map((a) => a.id),
      }),
    );
    keep(await call('GET', '/api/v0.1/events', headers));
    await recorded.stop();
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(recorded.dir, { recursive: true, force: true });
  });

  it('keeps the access token out of every response, the log and the database files', () => {
    expect(responses.length).toBeGreaterThan(8);
    expectNowhere(recorded, secrets, responses);
  });
});
