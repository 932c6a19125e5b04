import { Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, TEST_ADMIN_TOKEN } from '../../../../test/support/app.js';
import { testDatabases } from '../../../../test/support/databases.js';
import { completeLink, type LinkSuccess } from '../../../../test/support/link-driver.js';
import type { SandboxHarness } from '../../../sandbox/sandbox.test-helper.js';
import { type SandboxedServer, startWithSandbox } from '../../../../test/support/with-sandbox.js';
import { deliverDueWebhooks } from '../../../sandbox/webhooks.js';
import { createWorker } from '../../../jobs/worker.js';

type Json = Record<string, unknown>;

/** Seed 003's example bodies, as the seed prints them (its bare SAVINGS and OPEN are strings). */
const SEED_BANK_ACCOUNT = {
  id: '944e7d4c-9ce9-4e2b-aedb-7f3bec513517',
  account_number_last_four: '1234',
  routing_number: '100098765',
  profile_id: 'db6e63c8-495d-440e-9fdf-8be68cd4378d',
  type: 'SAVINGS',
  status: 'OPEN',
};
const SEED = {
  linkToken: { link_token: 'link-sandbox-06f3ebca-2d62-48af-8512-2qa45e740cc8' },
  item: {
    plaid_item_id: 'M5eVJqLnv3tbzdngLDp9FL5OlDNxlNhlE55op',
    plaid_institution_name: 'Bank of America',
    bank_accounts: [SEED_BANK_ACCOUNT],
  },
  account: {
    plaid_item_id: 'M5eVJqLnv3tbzdngLDp9FL5OlDNxlNhlE55op',
    plaid_institution_name: 'Bank of America',
    bank_account: SEED_BANK_ACCOUNT,
  },
  items: {
    items: [
      {
        plaid_item_id: 'M5eVJqLnv3tbzdngLDp9FL5OlDNxlNhlE55op',
        plaid_institution_name: 'Bank of America',
        is_login_required: 'false',
        bank_accounts: [SEED_BANK_ACCOUNT],
      },
    ],
  },
};

/** The seed's second bank, a savings account ending 7001 (a sandbox custom user). */
const CHASE_SAVINGS = {
  username: 'user_custom',
  password: JSON.stringify({
    override_accounts: [
      {
        type: 'depository',
        subtype: 'savings',
        meta: { name: 'Chase Savings' },
        numbers: { account: '4444555566667001', ach_routing: '020064246' },
      },
    ],
  }),
};

/** A body's skeleton: its keys and their JSON types, arrays by their first element. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return [shape(value[0])];
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, shape(v)]),
    );
  return value === null ? 'null' : typeof value;
}

describe.each(testDatabases)('hosted linking on $name', (database) => {
  let harness: SandboxedServer;
  let sandbox: SandboxHarness;
  let server: TestServer;
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
  beforeAll(async () => {
    harness = await startWithSandbox(database);
    ({ sandbox, server } = harness);
  });
  afterAll(() => harness.close());
  const send: SandboxedServer['send'] = (...args) => harness.send(...args);

  async function brandWithProfile() {
    const brand = await server.createBrand('Acme');
    const profile = await send('POST', '/profiles', brand.headers, {
      first_name: 'Alberta',
      last_name: 'Charleson',
      date_of_birth: '1985-12-10',
    });
    expect(profile.status).toBe(201);
    return { ...brand, profileId: String(profile.body.profile_id) };
  }

  type Brand = Awaited<ReturnType<typeof brandWithProfile>>;

  /** The seed's registration: link token, Link, Plaid item. */
  async function linkItem(brand: Brand, options: Parameters<typeof completeLink>[2] = {}) {
    const token = await send('POST', '/plaid/links', brand.headers, { profile_id: brand.profileId });
    expect(token.status).toBe(200);
    const link = await completeLink(sandbox.url, String(token.body.link_token), options);
    const item = await send('POST', '/plaid/items', brand.headers, itemBody(brand, link));
    expect(item.status, JSON.stringify(item.body)).toBe(201);
    return { link, item: item.body, itemId: String(item.body.plaid_item_id) };
  }

  const itemBody = (brand: Brand, link: LinkSuccess) => ({
    profile_id: brand.profileId,
    plaid_public_token: link.publicToken,
    plaid_institution: { id: link.institution.institution_id, name: link.institution.name },
    plaid_account_ids: link.accounts.map((a) => a.id),
  });

  const accessTokenOf = async (itemId: string) =>
    (
      await sandbox.state.db
        .selectFrom('sandbox_items')
        .select('access_token')
        .where('item_id', '=', itemId)
        .executeTakeFirstOrThrow()
    ).access_token;

  const eventTypes = async (brand: { headers: Record<string, string> }) =>
    ((await send('GET', '/api/v0.1/events', brand.headers)).body.data as { type: string }[]).map(
      (e) => e.type,
    );

  const loginStatus = async (brand: Brand, itemId: string) => {
    const list = await send(
      'GET',
      `/profiles/${brand.profileId}/plaid/items?include_login_status=true`,
      brand.headers,
    );
    expect(list.status).toBe(200);
    return (list.body.items as Json[]).find((i) => i.plaid_item_id === itemId)?.is_login_required;
  };

  /** Runs the queued jobs that are due (the worker's loop, one job at a time); returns how many ran. */
  async function runJobs(): Promise<number> {
    const { store, catalog, clock, logger } = server.container;
    const worker = createWorker({ store, catalog, clock, logger, random: () => 0.5 });
    let ran = 0;
    while (await worker.runOnce()) ran++;
    return ran;
  }

  /** Plaid's error code for /item/get with this access token; null when the Item is alive. */
  const plaidErrorOf = async (accessToken: string) =>
    sandbox.plaid.itemGet({ access_token: accessToken }).then(
      () => null,
      (e: { response: { data: { error_code: string } } }) => e.response.data.error_code,
    );

  const checkingAndSavings = (offered: { id: string; subtype: string }[]) =>
    offered.filter((a) => a.subtype === 'checking' || a.subtype === 'savings').map((a) => a.id);

  it("runs every request of seed 003 in the seed's order, answering the seed's fields and types", async () => {
    const brand = await brandWithProfile();
    // 1. A link token for the profile.
    const first = await send('POST', '/plaid/links', brand.headers, { profile_id: brand.profileId });
    expect(first.status).toBe(200);
    expect(shape(first.body)).toEqual(shape(SEED.linkToken));
    expect(first.body.link_token).toMatch(/^link-sandbox-/);

    // 2. With OAuth: the redirect URI is registered first ("contact your program coordinator").
    const registered = await send('POST', `/admin/brands/${brand.brandId}/redirects`, admin, {
      redirect_uri: 'https://example.com/callback',
    });
    expect(registered.status).toBe(201);
    const oauth = await send('POST', '/plaid/links', brand.headers, {
      profile_id: brand.profileId,
      redirect_uri: 'https://example.com/callback',
    });
    expect(oauth.status).toBe(200);
    expect(shape(oauth.body)).toEqual(shape(SEED.linkToken));
    const { data: got } = await sandbox.plaid.linkTokenGet({ link_token: String(oauth.body.link_token) });
    expect(got.metadata.redirect_uri).toBe('https://example.com/callback');

    // 3. Link, then the Plaid item from its public token and the chosen account.
    const link = await completeLink(sandbox.url, String(first.body.link_token), {
      pick: (offered) => offered.filter((a) => a.subtype === 'savings').map((a) => a.id),
    });
    const created = await send('POST', '/plaid/items', brand.headers, itemBody(brand, link));
    expect(created.status).toBe(201);
    expect(shape(created.body)).toEqual(shape(SEED.item));
    const account = (created.body.bank_accounts as Json[])[0];
    expect(created.body).toMatchObject({
      plaid_institution_name: 'First Platypus Bank',
      bank_accounts: [
        {
          account_number_last_four: '1111',
          routing_number: '011401533',
          profile_id: brand.profileId,
          type: 'SAVINGS',
          status: 'OPEN',
        },
      ],
    });
    const itemId = String(created.body.plaid_item_id);
    // Linkport's webhook is on the Item.
    const { data: item } = await sandbox.plaid.itemGet({ access_token: await accessTokenOf(itemId) });
    expect(item.item.webhook).toBe(`${server.url}/webhooks/plaid`);

    // 4. The bank account.
    const one = await send('GET', `/plaid/accounts/${String(account?.id)}`, brand.headers);
    expect(one.status).toBe(200);
    expect(shape(one.body)).toEqual(shape(SEED.account));
    expect(one.body).toEqual({
      plaid_item_id: itemId,
      plaid_institution_name: 'First Platypus Bank',
      bank_account: account,
    });

    // 5. The profile's items, a second one with its login broken (the seed's "Chase").
    const second = await linkItem(brand, { institutionId: 'ins_109509', ...CHASE_SAVINGS });
    await sandbox.plaid.sandboxItemResetLogin({ access_token: await accessTokenOf(second.itemId) });
    expect(await deliverDueWebhooks(sandbox.state)).toBeGreaterThanOrEqual(1);
    const listed = await send(
      'GET',
      `/profiles/${brand.profileId}/plaid/items?include_login_status=true`,
      brand.headers,
    );
    expect(listed.status).toBe(200);
    expect(shape(listed.body)).toEqual(shape(SEED.items));
    expect((listed.body.items as Json[]).map((i) => [i.plaid_item_id, i.is_login_required])).toEqual([
      [itemId, 'false'],
      [second.itemId, 'true'],
    ]);
    const plain = await send('GET', `/profiles/${brand.profileId}/plaid/items`, brand.headers);
    expect((plain.body.items as Json[]).map((i) => i.is_login_required)).toEqual([null, null]);

    // 6. Update-mode link tokens, without and with the account select.
    for (const select of ['false', 'true']) {
      const update = await send('POST', `/plaid/items/${itemId}/links`, brand.headers, {
        select_accounts: select,
      });
      expect(update.status).toBe(200);
      expect(shape(update.body)).toEqual(shape(SEED.linkToken));
      const { data } = await sandbox.plaid.linkTokenGet({ link_token: String(update.body.link_token) });
      expect(data.metadata).toMatchObject({ initial_products: [] });
    }

    // 7. The item's accounts: the savings kept by its bank-account id, checking added by Plaid id.
    const updateToken = await send('POST', `/plaid/items/${itemId}/links`, brand.headers, {
      select_accounts: 'true',
    });
    const chosen = await completeLink(sandbox.url, String(updateToken.body.link_token), {
      pick: checkingAndSavings,
    });
    const checking = chosen.accounts.find((a) => a.subtype === 'checking');
    const patched = await send('PATCH', `/plaid/items/${itemId}`, brand.headers, {
      plaid_bank_account_ids: [checking?.id, account?.id],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(shape(patched.body)).toEqual(shape(SEED.item));
    expect(
      (patched.body.bank_accounts as Json[]).map((a) => [a.type, a.account_number_last_four, a.status]),
    ).toEqual([
      ['SAVINGS', '1111', 'OPEN'],
      ['CHECKING', '0000', 'OPEN'],
    ]);
  });

  it('repairs a login in update mode by item id: the flag clears without any webhook', async () => {
    const brand = await brandWithProfile();
    const { itemId } = await linkItem(brand);
    // The brand never holds the access token: Linkport breaks the login for it in the sandbox.
    const broken = await send('POST', `/plaid/items/${itemId}/sandbox/reset_login`, brand.headers, {});
    expect(broken.body).toEqual({ plaid_item_id: itemId, reset_login: true });
    expect(await deliverDueWebhooks(sandbox.state)).toBe(1);
    expect(await eventTypes(brand)).toContain('item.login_required');
    expect(await loginStatus(brand, itemId)).toBe('true');

    const update = await send('POST', `/plaid/items/${itemId}/links`, brand.headers, {
      select_accounts: 'false',
    });
    await completeLink(sandbox.url, String(update.body.link_token));
    // Plaid sends no webhook for a repair made in update mode; Linkport reads the Item's state.
    expect(await deliverDueWebhooks(sandbox.state)).toBe(0);
    expect(await loginStatus(brand, itemId)).toBe('false');
    expect(await eventTypes(brand)).toContain('item.repaired');

    // Broken again and repaired outside the brand's app: LOGIN_REPAIRED clears it too.
    await sandbox.plaid.sandboxItemResetLogin({ access_token: await accessTokenOf(itemId) });
    await deliverDueWebhooks(sandbox.state);
    await sandbox.plaid.sandboxItemFireWebhook({
      access_token: await accessTokenOf(itemId),
      webhook_code: 'LOGIN_REPAIRED' as never,
    });
    await deliverDueWebhooks(sandbox.state);
    const listed = await send('GET', `/profiles/${brand.profileId}/plaid/items`, brand.headers);
    expect((listed.body.items as Json[])[0]?.is_login_required).toBeNull();
    expect((await eventTypes(brand)).filter((t) => t === 'item.repaired')).toHaveLength(2);
  });

  it('flags new accounts and revokes on the Item webhooks', async () => {
    const brand = await brandWithProfile();
    const { itemId, item } = await linkItem(brand);
    const accountId = String((item.bank_accounts as Json[])[0]?.id);
    const fire = (webhook_code: string) =>
      send('POST', `/plaid/items/${itemId}/sandbox/fire_webhook`, brand.headers, { webhook_code });
    const unknown = await fire('TRANSACTIONS_REMOVED');
    expect(unknown.status).toBe(400);
    expect(unknown.body.Message).toMatch(/webhook_code: must be one of NEW_ACCOUNTS_AVAILABLE/);

    expect((await fire('NEW_ACCOUNTS_AVAILABLE')).status).toBe(200);
    await deliverDueWebhooks(sandbox.state);
    expect(await eventTypes(brand)).toContain('item.new_accounts_available');
    expect((await fire('USER_PERMISSION_REVOKED')).status).toBe(200);
    await deliverDueWebhooks(sandbox.state);
    expect(await eventTypes(brand)).toContain('item.revoked');
    const one = await send('GET', `/plaid/accounts/${accountId}`, brand.headers);
    expect(one.body.bank_account).toMatchObject({ status: 'REVOKED' });
    const update = await send('POST', `/plaid/items/${itemId}/links`, brand.headers, {
      select_accounts: 'false',
    });
    expect(update.status).toBe(422);
    expect(update.body.Message).toContain('revoked');
  });

  it('replays POST /plaid/items for the same Idempotency-Key instead of spending the token twice', async () => {
    const brand = await brandWithProfile();
    const token = await send('POST', '/plaid/links', brand.headers, { profile_id: brand.profileId });
    const link = await completeLink(sandbox.url, String(token.body.link_token));
    const headers = { ...brand.headers, 'idempotency-key': 'item-1' };
    const first = await send('POST', '/plaid/items', headers, itemBody(brand, link));
    const replay = await send('POST', '/plaid/items', headers, itemBody(brand, link));
    expect(first.status).toBe(201);
    expect(replay).toMatchObject({ status: 201, body: first.body });
    const other = await send('POST', '/plaid/items', headers, {
      ...itemBody(brand, link),
      plaid_account_ids: ['x'],
    });
    expect(other.status).toBe(422);
  });

  describe("seed 000's owner-typed link tokens", () => {
    async function customerWithCard(brand: Awaited<ReturnType<TestServer['createBrand']>>) {
      const customer = await send('POST', '/api/v0.1/customers', brand.headers, {
        first_name: 'Alberta',
        last_name: 'Charleson',
        date_of_birth: '1985-12-10',
      });
      const customerId = String(customer.body.customer_id);
      const card = await send('POST', '/api/v0.1/accounts', brand.headers, { customer_id: customerId });
      return { customerId, cardId: String(card.body.account_id) };
    }

    it('links, lists, repairs by linked_account_id (with and without the account select) and removes', async () => {
      const brand = await server.createBrand('Acme');
      const { customerId, cardId } = await customerWithCard(brand);
      const token = await send('POST', '/api/v0.1/plaid/link_token', brand.headers, {
        customer_id: customerId,
      });
      expect(token.status).toBe(200);
      expect(Object.keys(token.body).sort()).toEqual(['expiration', 'link_token']);
      const link = await completeLink(sandbox.url, String(token.body.link_token), {
        pick: checkingAndSavings,
      });
      const linked = await send('POST', '/api/v0.1/plaid/public_token', brand.headers, {
        customer_id: customerId,
        public_token: link.publicToken,
      });
      expect(linked.status, JSON.stringify(linked.body)).toBe(201);
      const accounts = linked.body.linked_accounts as Json[];
      expect(accounts).toHaveLength(2);
      expect(accounts[0]).toMatchObject({
        customer_id: customerId,
        status: 'active',
        type: 'external',
        link_type: 'plaid',
      });
      const list = async () =>
        (await send('GET', `/api/v0.1/accounts/${cardId}/external_accounts`, brand.headers))
          .body as unknown as Json[];
      expect((await list()).map((a) => [a.account_type, a.account_number, a.plaid_access_token])).toEqual([
        ['checking', '****0000', null],
        ['savings', '****1111', null],
      ]);

      // The login breaks: every account of the Item shows it.
      const itemId = String(linked.body.plaid_item_id);
      await sandbox.plaid.sandboxItemResetLogin({ access_token: await accessTokenOf(itemId) });
      await deliverDueWebhooks(sandbox.state);
      expect((await list()).map((a) => a.status)).toEqual(['login_required', 'login_required']);

      // Update mode by linked_account_id, no account select: the status does not stick.
      const repair = await send('POST', '/api/v0.1/plaid/link_token', brand.headers, {
        customer_id: customerId,
        linked_account_id: accounts[0]?.linked_account_id,
      });
      expect(repair.status).toBe(200);
      await completeLink(sandbox.url, String(repair.body.link_token));
      expect((await list()).map((a) => a.status)).toEqual(['active', 'active']);

      // With the account select: the user keeps savings only; the public token says so.
      const select = await send('POST', '/api/v0.1/plaid/link_token', brand.headers, {
        customer_id: customerId,
        linked_account_id: accounts[0]?.linked_account_id,
        select_accounts: true,
      });
      const savingsOnly = await completeLink(sandbox.url, String(select.body.link_token), {
        pick: (offered) => offered.filter((a) => a.subtype === 'savings').map((a) => a.id),
      });
      const relinked = await send('POST', '/api/v0.1/plaid/public_token', brand.headers, {
        customer_id: customerId,
        public_token: savingsOnly.publicToken,
      });
      expect(relinked.status, JSON.stringify(relinked.body)).toBe(200);
      expect((await list()).map((a) => a.account_type)).toEqual(['savings']);

      // Removing the last account removes the Item at Plaid: its access token dies.
      const accessToken = await accessTokenOf(itemId);
      const removed = await send(
        'DELETE',
        `/api/v0.1/accounts/${String((await list())[0]?.linked_account_id)}`,
        brand.headers,
      );
      expect(removed.status).toBe(200);
      expect(await list()).toEqual([]);
      expect(await eventTypes(brand)).toContain('item.removed');
      expect(await runJobs()).toBe(1);
      expect(await plaidErrorOf(accessToken)).toMatch(/ITEM_NOT_FOUND|INVALID_ACCESS_TOKEN/);
    });

    /** A customer with checking and savings linked from one Item. */
    async function linkedCustomer() {
      const brand = await server.createBrand('Acme');
      const { customerId, cardId } = await customerWithCard(brand);
      const token = await send('POST', '/api/v0.1/plaid/link_token', brand.headers, {
        customer_id: customerId,
      });
      const link = await completeLink(sandbox.url, String(token.body.link_token), {
        pick: checkingAndSavings,
      });
      const linked = await send('POST', '/api/v0.1/plaid/public_token', brand.headers, {
        customer_id: customerId,
        public_token: link.publicToken,
      });
      expect(linked.status).toBe(201);
      const [checking, savings] = (linked.body.linked_accounts as Json[]).map((a) =>
        String(a.linked_account_id),
      );
      const list = async () =>
        (
          (await send('GET', `/api/v0.1/accounts/${cardId}/external_accounts`, brand.headers))
            .body as unknown as Json[]
        ).map((a) => a.account_type);
      return { brand, customerId, checking, savings, list, itemId: String(linked.body.plaid_item_id) };
    }

    it('keeps an account the brand removed closed when update mode lists it again', async () => {
      const { brand, customerId, checking, savings, list } = await linkedCustomer();
      expect((await send('DELETE', `/api/v0.1/accounts/${String(savings)}`, brand.headers)).status).toBe(200);
      const repair = await send('POST', '/api/v0.1/plaid/link_token', brand.headers, {
        customer_id: customerId,
        linked_account_id: checking,
      });
      const link = await completeLink(sandbox.url, String(repair.body.link_token));
      expect(link.accounts.map((a) => a.subtype)).toContain('savings');
      const again = await send('POST', '/api/v0.1/plaid/public_token', brand.headers, {
        customer_id: customerId,
        public_token: link.publicToken,
        plaid_account_ids: link.accounts.map((a) => a.id),
      });
      expect(again.status).toBe(200);
      expect(await list()).toEqual(['checking']);
    });

    it('reopens a removed account when the user chooses only it in the account select', async () => {
      const { brand, customerId, checking, savings, list } = await linkedCustomer();
      await send('DELETE', `/api/v0.1/accounts/${String(savings)}`, brand.headers);
      const select = await send('POST', '/api/v0.1/plaid/link_token', brand.headers, {
        customer_id: customerId,
        linked_account_id: checking,
        select_accounts: true,
      });
      const link = await completeLink(sandbox.url, String(select.body.link_token), {
        pick: (offered) => offered.filter((a) => a.subtype === 'savings').map((a) => a.id),
      });
      const chosen = await send('POST', '/api/v0.1/plaid/public_token', brand.headers, {
        customer_id: customerId,
        public_token: link.publicToken,
      });
      expect(chosen.status).toBe(200);
      expect((chosen.body.linked_accounts as Json[]).map((a) => a.linked_account_id)).toEqual([savings]);
      expect(await list()).toEqual(['savings']);
    });

    it('removes the Item once when its last accounts are removed at the same time', async () => {
      const brand = await server.createBrand('Acme');
      const { customerId, cardId } = await customerWithCard(brand);
      // Eight checking accounts at one bank login, all linked, then all removed at once.
      const eight = {
        username: 'user_custom',
        password: JSON.stringify({
          override_accounts: Array.from({ length: 8 }, (_, i) => ({
            type: 'depository',
            subtype: 'checking',
            meta: { name: `Checking ${i}` },
            numbers: { account: `55556666777${i}`, ach_routing: '011401533' },
          })),
        }),
      };
      const token = await send('POST', '/api/v0.1/plaid/link_token', brand.headers, {
        customer_id: customerId,
      });
      const link = await completeLink(sandbox.url, String(token.body.link_token), {
        ...eight,
        pick: (offered) => offered.map((a) => a.id),
      });
      const linked = await send('POST', '/api/v0.1/plaid/public_token', brand.headers, {
        customer_id: customerId,
        public_token: link.publicToken,
      });
      const ids = (linked.body.linked_accounts as Json[]).map((a) => String(a.linked_account_id));
      expect(ids).toHaveLength(8);
      const removed = await Promise.all(
        ids.map((id) => send('DELETE', `/api/v0.1/accounts/${id}`, brand.headers)),
      );
      expect(removed.map((r) => r.status)).toEqual(ids.map(() => 200));
      expect(
        (await send('GET', `/api/v0.1/accounts/${cardId}/external_accounts`, brand.headers)).body,
      ).toEqual([]);
      expect((await eventTypes(brand)).filter((t) => t === 'item.removed')).toHaveLength(1);
      expect(await runJobs()).toBe(1);
    });

    it('refuses a processor token for a bank account held through hosted linking, and an unknown owner', async () => {
      const { brand, customerId } = await linkedCustomer();
      const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
      await send('PUT', `/admin/brands/${brand.brandId}/integrations/plaid`, admin, { enabled: true });
      // The brand's own Item at the same bank (the sandbox's user_good numbers are the same everywhere).
      const { data: created } = await sandbox.plaid.sandboxPublicTokenCreate({
        institution_id: 'ins_109508',
        initial_products: [Products.Auth],
      });
      const { data: own } = await sandbox.plaid.itemPublicTokenExchange({
        public_token: created.public_token,
      });
      const { data: accounts } = await sandbox.plaid.accountsGet({ access_token: own.access_token });
      const { data: token } = await sandbox.plaid.processorTokenCreate({
        access_token: own.access_token,
        account_id: accounts.accounts.find((a) => a.name === 'Plaid Checking')?.account_id ?? '',
        processor: 'linkport' as never,
      });
      const taken = await send('POST', '/api/v0.1/accounts/processor_tokens', brand.headers, {
        customer_id: customerId,
        processor_token: token.processor_token,
        replace_existing: true,
      });
      expect(taken.status).toBe(409);
      expect(taken.body.Message).toContain('through a Plaid item Linkport holds');

      const unknown = await send('POST', '/api/v0.1/plaid/public_token', brand.headers, {
        customer_id: 'nope',
        public_token: 'public-sandbox-00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.body.Message).toBe('Customer not found.');
    });

    it('links Pay-by-Bank users, who have no card account', async () => {
      const brand = await server.createBrand('Acme');
      const user = await send('POST', '/api/v0.1/pbb_users', brand.headers, {
        first_name: 'Alberta',
        last_name: 'Charleson',
        date_of_birth: '1985-12-10',
      });
      expect(user.status).toBe(201);
      const pbbUserId = String(user.body.pbb_user_id);
      const token = await send('POST', '/api/v0.1/plaid/link_token', brand.headers, {
        pbb_user_id: pbbUserId,
      });
      const link = await completeLink(sandbox.url, String(token.body.link_token));
      const linked = await send('POST', '/api/v0.1/plaid/public_token', brand.headers, {
        pbb_user_id: pbbUserId,
        public_token: link.publicToken,
      });
      expect(linked.status).toBe(201);
      const listed = await send('GET', `/api/v0.1/pbb_users/${pbbUserId}/external_accounts`, brand.headers);
      expect(listed.body).toMatchObject([
        { pbb_user_id: pbbUserId, card_id: null, account_number: '****0000' },
      ]);
    });
  });

  describe('errors', () => {
    it('answers 404 for an unknown or foreign profile and item', async () => {
      const brand = await brandWithProfile();
      const other = await brandWithProfile();
      const { itemId, item } = await linkItem(other);
      for (const profileId of ['nope', other.profileId]) {
        const token = await send('POST', '/plaid/links', brand.headers, { profile_id: profileId });
        expect(token.status).toBe(404);
        expect(token.body.Message).toBe('Profile not found.');
        expect((await send('GET', `/profiles/${profileId}/plaid/items`, brand.headers)).status).toBe(404);
      }
      expect((await send('POST', `/plaid/items/${itemId}/links`, brand.headers, {})).status).toBe(404);
      expect(
        (await send('PATCH', `/plaid/items/${itemId}`, brand.headers, { plaid_bank_account_ids: ['x'] }))
          .status,
      ).toBe(404);
      const accountId = String((item.bank_accounts as Json[])[0]?.id);
      expect((await send('GET', `/plaid/accounts/${accountId}`, brand.headers)).status).toBe(404);
      // An id too long to be one is the route's 400 naming it, in the platform's error body.
      const long = await send('GET', `/plaid/accounts/${'x'.repeat(200)}`, brand.headers);
      expect(long.status).toBe(400);
      expect(long.body.Code).toBe('validation_error');
      expect(long.body.Message).toContain('account_id');
    });

    it('answers 400 naming the rule for both owner ids or none', async () => {
      const brand = await server.createBrand('Acme');
      for (const body of [
        {},
        { customer_id: 'a', business_id: 'b' },
        { customer_id: 'a', pbb_user_id: 'b' },
      ]) {
        const response = await send('POST', '/api/v0.1/plaid/link_token', brand.headers, body);
        expect(response.status).toBe(400);
        expect(response.body.Message).toContain(
          'send exactly one of customer_id, business_id and pbb_user_id',
        );
        const exchange = await send('POST', '/api/v0.1/plaid/public_token', brand.headers, {
          ...body,
          public_token: 'x',
        });
        expect(exchange.status).toBe(400);
      }
    });

    it('answers 400 for an unregistered redirect, or a redirect and an Android package together', async () => {
      const brand = await brandWithProfile();
      const unregistered = await send('POST', '/plaid/links', brand.headers, {
        profile_id: brand.profileId,
        redirect_uri: 'https://evil.example/callback',
      });
      expect(unregistered.status).toBe(400);
      expect(unregistered.body.Message).toContain(
        'redirect_uri: https://evil.example/callback is not registered for this brand',
      );
      const android = await send('POST', '/plaid/links', brand.headers, {
        profile_id: brand.profileId,
        android_package_name: 'com.example.app',
      });
      expect(android.status).toBe(400);
      expect(android.body.Message).toContain('android_package_name');
      await send('POST', `/admin/brands/${brand.brandId}/redirects`, admin, {
        android_package_name: 'com.example.app',
      });
      expect(
        (
          await send('POST', '/plaid/links', brand.headers, {
            profile_id: brand.profileId,
            android_package_name: 'com.example.app',
          })
        ).status,
      ).toBe(200);
      const both = await send('POST', '/plaid/links', brand.headers, {
        profile_id: brand.profileId,
        android_package_name: 'com.example.app',
        redirect_uri: 'https://example.com/callback',
      });
      expect(both.status).toBe(400);
      expect(both.body.Message).toContain('not both');
      const badUri = await send('POST', `/admin/brands/${brand.brandId}/redirects`, admin, {
        redirect_uri: 'http://example.com/x?y=1',
      });
      expect(badUri.status).toBe(400);
    });

    it('answers 400 naming the public token when it was used or has expired, and for accounts not in the Item', async () => {
      const brand = await brandWithProfile();
      const { link } = await linkItem(brand);
      const reused = await send('POST', '/plaid/items', brand.headers, itemBody(brand, link));
      expect(reused.status).toBe(400);
      expect(reused.body.Code).toBe('invalid_public_token');
      expect(reused.body.Message).toMatch(/^plaid_public_token: /);

      const token = await send('POST', '/plaid/links', brand.headers, { profile_id: brand.profileId });
      const late = await completeLink(sandbox.url, String(token.body.link_token));
      sandbox.clock.advance(31 * 60 * 1000);
      const expired = await send('POST', '/plaid/items', brand.headers, itemBody(brand, late));
      expect(expired.status).toBe(400);
      expect(expired.body.Message).toMatch(/^plaid_public_token: .*expired/);

      const fresh = await send('POST', '/plaid/links', brand.headers, { profile_id: brand.profileId });
      const chosen = await completeLink(sandbox.url, String(fresh.body.link_token));
      const foreign = await send('POST', '/plaid/items', brand.headers, {
        ...itemBody(brand, chosen),
        plaid_account_ids: ['not-an-account-of-this-item'],
      });
      expect(foreign.status).toBe(400);
      expect(foreign.body.Message).toBe(
        'plaid_account_ids: not-an-account-of-this-item is not an account of this Plaid item.',
      );
      const listed = await send('GET', `/profiles/${brand.profileId}/plaid/items`, brand.headers);
      expect(listed.body.items).toHaveLength(1);
    });

    it('answers 503 with Retry-After when Plaid is down, and keeps what was stored', async () => {
      const brand = await brandWithProfile();
      const { itemId, item } = await linkItem(brand);
      const onlyAccount = String((item.bank_accounts as Json[])[0]?.id);
      const token = await send('POST', '/plaid/links', brand.headers, { profile_id: brand.profileId });
      const link = await completeLink(sandbox.url, String(token.body.link_token), CHASE_SAVINGS);
      harness.plaid.down = true;
      try {
        for (const response of [
          await send('POST', '/plaid/links', brand.headers, { profile_id: brand.profileId }),
          await send('POST', '/plaid/items', brand.headers, itemBody(brand, link)),
          await send('POST', `/plaid/items/${itemId}/links`, brand.headers, { select_accounts: 'false' }),
          await send('PATCH', `/plaid/items/${itemId}`, brand.headers, {
            plaid_bank_account_ids: [onlyAccount],
          }),
        ]) {
          expect(response.status).toBe(503);
          expect(response.headers.get('retry-after')).toBe('30');
        }
        // The stored state still answers (the live login state cannot be read: the last known stands).
        expect(await loginStatus(brand, itemId)).toBe('false');
        const kept = await send('GET', `/plaid/accounts/${onlyAccount}`, brand.headers);
        expect(kept.body.bank_account).toMatchObject({ status: 'OPEN' });
        // Removing the Item's last account does not wait for Plaid: the Item's removal is queued
        // with it, and retried until Plaid answers.
        expect((await send('DELETE', `/api/v0.1/accounts/${onlyAccount}`, brand.headers)).status).toBe(200);
        expect(await runJobs()).toBe(1);
        expect(await plaidErrorOf(await accessTokenOf(itemId))).toBeNull();
      } finally {
        harness.plaid.down = false;
      }
      // The failed attempt waits for its backoff; then the removal goes through.
      const [job] = await server.container.store.db
        .selectFrom('jobs')
        .selectAll()
        .where('state', '=', 'queued')
        .execute();
      expect(job).toMatchObject({ name: 'plaid.item.remove', attempts: 1, max_attempts: 180 });
      await server.container.store.db
        .updateTable('jobs')
        .set({ run_at: new Date(0).toISOString() })
        .execute();
      expect(await runJobs()).toBe(1);
      expect(await plaidErrorOf(await accessTokenOf(itemId))).toMatch(/ITEM_NOT_FOUND|INVALID_ACCESS_TOKEN/);
      // The public token was never spent: it still links.
      expect((await send('POST', '/plaid/items', brand.headers, itemBody(brand, link))).status).toBe(201);
    });
  });
});
