import { CountryCode, type PlaidApi, Products } from 'plaid';
import { createHash } from 'node:crypto';
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, TEST_ADMIN_TOKEN } from '../../../../test/support/app.js';
import { testDatabases } from '../../../../test/support/databases.js';
import type { SandboxHarness } from '../../../sandbox/sandbox.test-helper.js';
import { type SandboxedServer, startWithSandbox } from '../../../../test/support/with-sandbox.js';
import { deliverDueWebhooks, signWebhookBody } from '../../../sandbox/webhooks.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

type Json = Record<string, unknown>;

const ada = {
  first_name: 'Alberta',
  last_name: 'Charleson',
  date_of_birth: '1985-12-10',
};

describe.each(testDatabases)('external accounts from processor tokens on $name', (database) => {
  let harness: SandboxedServer;
  let sandbox: SandboxHarness;
  let server: TestServer;
  beforeAll(async () => {
    harness = await startWithSandbox(database);
    ({ sandbox, server } = harness);
  });
  afterAll(() => harness.close());
  const send: SandboxedServer['send'] = (...args) => harness.send(...args);

  /** The brand sends a processor token for its customer (seed 000's last step). */
  const postToken = (
    brand: { customerId: string; headers: Record<string, string> },
    processorTokenValue: string,
    extra: Json = {},
  ) =>
    send('POST', '/api/v0.1/accounts/processor_tokens', brand.headers, {
      processor_token: processorTokenValue,
      customer_id: brand.customerId,
      ...extra,
    });

  async function brandWithCustomer(plaidIntegration = true) {
    const brand = await server.createBrand('Acme');
    if (plaidIntegration) {
      const enabled = await send(
        'PUT',
        `/admin/brands/${brand.brandId}/integrations/plaid`,
        { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        { enabled: true },
      );
      expect(enabled.status).toBe(200);
    }
    const customer = await send('POST', '/api/v0.1/customers', brand.headers, ada);
    const customerId = String(customer.body.customer_id);
    const account = await send('POST', '/api/v0.1/accounts', brand.headers, { customer_id: customerId });
    expect(account.status).toBe(201);
    return { ...brand, customerId, accountId: String(account.body.account_id) };
  }

  /** Seed 000's steps on the brand's side, through the official client: link token … processor token. */
  async function processorToken(plaid: PlaidApi = sandbox.plaid, accountName = 'Plaid Checking') {
    await plaid.linkTokenCreate({
      products: [Products.Auth],
      client_name: 'Plaid Test App',
      country_codes: [CountryCode.Us],
      language: 'en',
      webhook: 'https://sample-webhook-uri.com',
      link_customization_name: 'default',
      user: { client_user_id: 'user-1' },
    });
    const { data: created } = await plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth],
    });
    const { data: exchanged } = await plaid.itemPublicTokenExchange({ public_token: created.public_token });
    const { data: accounts } = await plaid.accountsGet({ access_token: exchanged.access_token });
    const account = accounts.accounts.find((a) => a.name === accountName);
    const { data } = await plaid.processorTokenCreate({
      access_token: exchanged.access_token,
      account_id: account?.account_id ?? '',
      processor: 'linkport' as never,
    });
    return { processorToken: data.processor_token, accessToken: exchanged.access_token };
  }

  it("runs seed 000's flow: link, list masked and in full, remove", async () => {
    const brand = await brandWithCustomer();
    const { processorToken: token } = await processorToken();

    const linked = await postToken(brand, token);
    expect(linked.status).toBe(201);
    expect(Object.keys(linked.body).sort()).toEqual(
      [
        'account_id',
        'date_created',
        'date_updated',
        'customer_id',
        'status',
        'verification_status',
        'type',
        'link_type',
        'linked_account_id',
      ].sort(),
    );
    expect(linked.body).toMatchObject({
      customer_id: brand.customerId,
      status: 'active',
      verification_status: 'instantly_verified',
      type: 'external',
      link_type: 'plaid',
    });
    expect(linked.body.account_id).toBe(linked.body.linked_account_id);
    expect(String(linked.body.date_created)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/);
    const linkedId = String(linked.body.linked_account_id);

    const masked = await send(
      'GET',
      `/api/v0.1/accounts/${brand.accountId}/external_accounts`,
      brand.headers,
    );
    expect(masked.status).toBe(200);
    const [entry] = masked.body as unknown as Json[];
    expect(entry).toEqual({
      linked_account_id: linkedId,
      plaid_access_token: null,
      customer_id: brand.customerId,
      card_id: brand.accountId,
      date_created: linked.body.date_created,
      date_updated: linked.body.date_updated,
      status: 'active',
      verification_status: 'instantly_verified',
      bank_name: 'First Platypus Bank',
      bank_logo: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/) as unknown,
      account_number: '****0000',
      routing_number: '****1533',
      account_type: 'checking',
      account_category: 'depository',
    });

    const full = await send(
      'GET',
      `/api/v0/accounts/${brand.accountId}/external_accounts?list_full_account=true`,
      brand.headers,
    );
    expect(full.body).toEqual([
      expect.objectContaining({ account_number: '1111222233330000', routing_number: '011401533' }),
    ]);
    const audited = await server.container.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_id', '=', linkedId)
      .where('action', '=', 'external_account.numbers_revealed')
      .execute();
    expect(audited).toHaveLength(1);

    const removed = await send('DELETE', `/api/v0.1/accounts/${linkedId}`, brand.headers);
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({
      deleted_at: expect.any(String) as unknown,
      date_created: linked.body.date_created,
      linked_account_id: linkedId,
      account_id: brand.accountId,
      customer_id: brand.customerId,
      bank_name: 'First Platypus Bank',
      status: 'removed',
    });
    const again = await send(
      'DELETE',
      `/api/v0/accounts/${brand.accountId}/external_accounts/${linkedId}`,
      brand.headers,
    );
    expect(again.body).toEqual(removed.body);
    const after = await send('GET', `/api/v0.1/accounts/${brand.accountId}/external_accounts`, brand.headers);
    expect(after.body).toEqual([]);
    // Linking that bank account again needs a new processor token.
    const reused = await postToken(brand, token);
    expect(reused).toMatchObject({ status: 400, body: { Code: 'invalid_processor_token' } });
    expect(String(reused.body.Message)).toContain('new processor token');
    const { processorToken: fresh } = await processorToken();
    const relinked = await postToken(brand, fresh);
    expect(relinked.status).toBe(201);
    expect(relinked.body.linked_account_id).not.toBe(linkedId);

    const events = await send('GET', '/api/v0.1/events', brand.headers);
    expect((events.body.data as Json[]).map((e) => e.type)).toEqual([
      'external_account.linked',
      'external_account.removed',
      'external_account.linked',
    ]);
  });

  it('asks for the integration first (422), and hides another brand’s account (404)', async () => {
    const brand = await brandWithCustomer(false);
    const { processorToken: token } = await processorToken();
    const refused = await postToken(brand, token);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ Code: 'integration_disabled', Type: 'Request Error' });
    expect(String(refused.body.Message)).toContain('enable-integration plaid');

    const other = await brandWithCustomer();
    const hidden = await send(
      'GET',
      `/api/v0.1/accounts/${brand.accountId}/external_accounts`,
      other.headers,
    );
    expect(hidden.status).toBe(404);
    const notTheirs = await send('POST', '/api/v0.1/accounts/processor_tokens', other.headers, {
      processor_token: token,
      customer_id: brand.customerId,
    });
    expect(notTheirs.status).toBe(404);
  });

  it('names the cause of a token Plaid rejects, and stores nothing', async () => {
    const brand = await brandWithCustomer();
    const post = (processor_token: string) =>
      send('POST', '/api/v0.1/accounts/processor_tokens', brand.headers, {
        processor_token,
        customer_id: brand.customerId,
      });

    const bogus = await post('processor-sandbox-00000000-0000-4000-8000-000000000000');
    expect(bogus).toMatchObject({ status: 400, body: { Code: 'invalid_processor_token' } });

    const removedItem = await processorToken();
    await sandbox.plaid.itemRemove({ access_token: removedItem.accessToken });
    expect((await post(removedItem.processorToken)).body.Code).toBe('invalid_processor_token');

    const broken = await processorToken();
    await sandbox.plaid.sandboxItemResetLogin({ access_token: broken.accessToken });
    const login = await post(broken.processorToken);
    expect(login).toMatchObject({ status: 400, body: { Code: 'item_login_required' } });
    expect(String(login.body.Message)).toContain('update mode');

    const card = await processorToken(sandbox.plaid, 'Plaid Credit Card');
    expect((await post(card.processorToken)).body.Code).toBe('account_not_supported');

    const missing = await send('POST', '/api/v0.1/accounts/processor_tokens', brand.headers, {
      customer_id: brand.customerId,
    });
    expect(missing.status).toBe(400);
    expect(String(missing.body.Message)).toContain('processor_token');

    const rows = await server.container.store.db.selectFrom('linked_accounts').selectAll().execute();
    expect(rows.filter((r) => r.owner_id === brand.customerId)).toEqual([]);
  });

  it('answers 503 with Retry-After when Plaid is unreachable, and links nothing', async () => {
    const brand = await brandWithCustomer();
    const { processorToken: token } = await processorToken();
    harness.plaid.down = true;
    try {
      const response = await postToken(brand, token);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('30');
      expect(response.body.Code).toBe('unavailable');
    } finally {
      harness.plaid.down = false;
    }
    const list = await send('GET', `/api/v0.1/accounts/${brand.accountId}/external_accounts`, brand.headers);
    expect(list.body).toEqual([]);
  });

  it('answers every one of 20 concurrent removals with the one stored removal', async () => {
    const brand = await brandWithCustomer();
    const linked = await postToken(brand, (await processorToken()).processorToken);
    const linkedId = String(linked.body.linked_account_id);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => send('DELETE', `/api/v0.1/accounts/${linkedId}`, brand.headers)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const later = await send('DELETE', `/api/v0.1/accounts/${linkedId}`, brand.headers);
    expect(later.body).toEqual(answers[0]?.body);
    const events = await send('GET', '/api/v0.1/events', brand.headers);
    expect((events.body.data as Json[]).filter((e) => e.type === 'external_account.removed')).toHaveLength(1);
  });

  it('refuses a duplicate of a live link (409), and keeps the link with a new token on replace_existing', async () => {
    const brand = await brandWithCustomer();
    const first = await processorToken();
    const linked = await postToken(brand, first.processorToken);
    const linkedId = String(linked.body.linked_account_id);
    // The same bank account through a second Item: same routing and account numbers.
    const second = await processorToken();
    const duplicate = await postToken(brand, second.processorToken);
    expect(duplicate.status).toBe(409);
    expect(String(duplicate.body.Message)).toContain(linkedId);

    const replaced = await postToken(brand, second.processorToken, { replace_existing: true });
    expect(replaced.status).toBe(200);
    expect(replaced.body.linked_account_id).toBe(linkedId);
    const list = await send('GET', `/api/v0.1/accounts/${brand.accountId}/external_accounts`, brand.headers);
    expect(list.body).toHaveLength(1);
  });

  it('replays the first response for a repeated Idempotency-Key, and refuses the key with another body', async () => {
    const brand = await brandWithCustomer();
    const { processorToken: token } = await processorToken();
    const headers = { ...brand.headers, 'idempotency-key': 'link-once-1' };
    const body = { processor_token: token, customer_id: brand.customerId };
    const first = await send('POST', '/api/v0.1/accounts/processor_tokens', headers, body);
    expect(first.status).toBe(201);
    const replay = await send('POST', '/api/v0.1/accounts/processor_tokens', headers, body);
    expect(replay).toMatchObject({ status: 201, body: first.body });
    const other = await send('POST', '/api/v0.1/accounts/processor_tokens', headers, {
      ...body,
      replace_existing: true,
    });
    expect(other).toMatchObject({ status: 422, body: { Code: 'idempotency_key_reused' } });
    const list = await send('GET', `/api/v0.1/accounts/${brand.accountId}/external_accounts`, brand.headers);
    expect(list.body).toHaveLength(1);
  });

  it('runs 20 concurrent requests with one Idempotency-Key once, and answers all 20 alike', async () => {
    const brand = await brandWithCustomer();
    const { processorToken: token } = await processorToken();
    const headers = { ...brand.headers, 'idempotency-key': 'link-20-at-once' };
    const body = { processor_token: token, customer_id: brand.customerId };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => send('POST', '/api/v0.1/accounts/processor_tokens', headers, body)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    const list = await send('GET', `/api/v0.1/accounts/${brand.accountId}/external_accounts`, brand.headers);
    expect(list.body).toHaveLength(1);
    const events = await send('GET', '/api/v0.1/events', brand.headers);
    expect((events.body.data as Json[]).filter((e) => e.type === 'external_account.linked')).toHaveLength(1);
  });

  describe('Identity Match (seed 001)', () => {
    const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

    async function brandWithOwner(owner: Json) {
      const brand = await brandWithCustomer();
      expect(
        (await send('PUT', `/admin/brands/${brand.brandId}/identity-match`, admin, { enabled: true })).status,
      ).toBe(200);
      const customer = await send('POST', '/api/v0.1/customers', brand.headers, owner);
      const customerId = String(customer.body.customer_id);
      const account = await send('POST', '/api/v0.1/accounts', brand.headers, { customer_id: customerId });
      return { ...brand, customerId, accountId: String(account.body.account_id) };
    }

    it("answers seed 001's body for another person, links nothing and keeps the scores", async () => {
      const brand = await brandWithOwner({
        first_name: 'Ada',
        last_name: 'Lovelace',
        date_of_birth: '1985-12-10',
      });
      const { processorToken: token } = await processorToken();
      const refused = await postToken(brand, token);
      expect(refused.status).toBe(400);
      const { RequestId, ...body } = refused.body;
      expect(body).toEqual({
        Message: 'Failed to exchange token due to identity failure, accounts were not linked.',
        Status: 400,
        Code: 'account_post_schema',
        Type: 'Request Error',
      });
      expect(RequestId).toEqual(expect.any(String));
      const list = await send(
        'GET',
        `/api/v0.1/accounts/${brand.accountId}/external_accounts`,
        brand.headers,
      );
      expect(list.body).toEqual([]);
      const events = await send('GET', '/api/v0.1/events', brand.headers);
      const mismatch = (events.body.data as Json[]).find(
        (e) => e.type === 'external_account.identity_mismatch',
      );
      expect(mismatch?.data).toMatchObject({
        customer_id: brand.customerId,
        threshold: 70,
        scores: { name: expect.any(Number) as unknown, address: null, phone: null, email: null },
      });
      expect((mismatch?.data as { scores: { name: number } }).scores.name).toBeLessThan(70);
    });

    it('links the account holder under a nickname, without a middle name, with matching contact details', async () => {
      const brand = await brandWithOwner({
        first_name: 'Bertie',
        last_name: 'Charleson',
        date_of_birth: '1985-12-10',
        email: 'AccountHolder0@example.com',
        phone: '+1 111 222 3333',
        address: { address_line_1: '2992 Cameron Rd', city: 'Malakoff', state: 'NY', zip_code: '14236' },
      });
      const { processorToken: token } = await processorToken();
      const linked = await postToken(brand, token);
      expect(linked.status).toBe(201);
    });
  });

  it('keeps tokens and full numbers out of the database in clear', async () => {
    const brand = await brandWithCustomer();
    const { processorToken: token } = await processorToken();
    await postToken(brand, token);
    const rows = await server.container.store.db.selectFrom('linked_accounts').selectAll().execute();
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain('1111222233330000');
    expect(dump).not.toContain('011401533');
  });

  describe('keeping the link healthy through Plaid webhooks', () => {
    const listStatus = async (brand: { accountId: string; headers: Record<string, string> }) =>
      (
        (await send('GET', `/api/v0.1/accounts/${brand.accountId}/external_accounts`, brand.headers))
          .body as unknown as Json[]
      )[0]?.status;

    it('shows a broken login within one webhook, and update-mode repair clears it', async () => {
      const brand = await brandWithCustomer();
      const item = await processorToken();
      await postToken(brand, item.processorToken);
      await deliverDueWebhooks(sandbox.state);

      await sandbox.plaid.sandboxItemResetLogin({ access_token: item.accessToken });
      expect(await deliverDueWebhooks(sandbox.state)).toBe(1);
      expect(await listStatus(brand)).toBe('login_required');

      // The brand repairs the login in update mode (Link's screens, driven here through their API).
      const { data: link } = await sandbox.plaid.linkTokenCreate({
        client_name: 'Acme',
        language: 'en',
        country_codes: [CountryCode.Us],
        user: { client_user_id: 'user-1' },
        access_token: item.accessToken,
      });
      const started = (await (
        await fetch(`${sandbox.url}/link/session/start`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ link_token: link.link_token }),
        })
      ).json()) as Json;
      await fetch(`${sandbox.url}/link/session/credentials`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          link_token: link.link_token,
          link_session_id: started.link_session_id,
          username: 'user_good',
          password: 'pass_good',
        }),
      });
      expect(await deliverDueWebhooks(sandbox.state)).toBe(1);
      expect(await listStatus(brand)).toBe('active');

      const events = await send('GET', '/api/v0.1/events', brand.headers);
      expect((events.body.data as Json[]).map((e) => e.type)).toEqual([
        'external_account.linked',
        'external_account.login_required',
        'external_account.repaired',
      ]);
    });

    it('marks a pending disconnect and a revoked permission', async () => {
      const brand = await brandWithCustomer();
      const item = await processorToken();
      await postToken(brand, item.processorToken);
      await deliverDueWebhooks(sandbox.state);
      await sandbox.plaid.sandboxItemFireWebhook({
        access_token: item.accessToken,
        webhook_code: 'PENDING_DISCONNECT' as never,
      });
      await deliverDueWebhooks(sandbox.state);
      expect(await listStatus(brand)).toBe('pending_disconnect');
      await sandbox.plaid.sandboxItemFireWebhook({
        access_token: item.accessToken,
        webhook_code: 'USER_PERMISSION_REVOKED' as never,
      });
      await deliverDueWebhooks(sandbox.state);
      expect(await listStatus(brand)).toBe('revoked');
      const events = await send('GET', '/api/v0.1/events', brand.headers);
      expect((events.body.data as Json[]).map((e) => e.type)).toEqual([
        'external_account.linked',
        'external_account.pending_disconnect',
        'external_account.revoked',
      ]);
    });

    it('refuses a forged, tampered or stale webhook and changes nothing', async () => {
      const body = JSON.stringify({ webhook_type: 'ITEM', webhook_code: 'ERROR', account_id: 'x' }, null, 2);
      const post = (raw: string, verification?: string) =>
        fetch(`${server.url}/webhooks/plaid`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(verification ? { 'plaid-verification': verification } : {}),
          },
          body: raw,
        });
      expect((await post(body)).status).toBe(401);
      expect((await post(body, 'not-a-jwt')).status).toBe(401);

      // Signed by a key Plaid does not serve, under the kid of one it does.
      const genuine = await signWebhookBody(sandbox.state, body);
      const { kid } = decodeProtectedHeader(genuine);
      const { privateKey } = await generateKeyPair('ES256');
      const forged = await new SignJWT({ request_body_sha256: sha256(body) })
        .setProtectedHeader({ alg: 'ES256', kid: String(kid), typ: 'JWT' })
        .setIssuedAt()
        .sign(privateKey);
      expect((await post(body, forged)).status).toBe(401);

      // Under a key id Plaid never issued: Plaid says there is no such key, and that is a 401 too.
      const unknownKid = await new SignJWT({ request_body_sha256: sha256(body) })
        .setProtectedHeader({ alg: 'ES256', kid: 'kid-plaid-never-issued', typ: 'JWT' })
        .setIssuedAt()
        .sign(privateKey);
      const refused = await post(body, unknownKid);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as Json).Message).toContain('no signing key');

      // A genuine signature over another body.
      expect((await post(body.replace('ERROR', 'LOGIN_REPAIRED'), genuine)).status).toBe(401);

      // A genuine signature, ten minutes old.
      sandbox.clock.advance(-10 * 60 * 1000);
      const stale = await signWebhookBody(sandbox.state, body);
      sandbox.clock.advance(10 * 60 * 1000);
      expect((await post(body, stale)).status).toBe(401);

      const accepted = await post(body, genuine);
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toEqual({ received: true, updated: 0 });
    });
  });
});
