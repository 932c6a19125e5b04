import { CountryCode, Products } from 'plaid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plaidError, type SandboxHarness, startSandbox, TEST_CLIENT } from './sandbox.test-helper.js';

describe('Plaid sandbox through the official plaid client', () => {
  let sandbox: SandboxHarness;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  async function linkItem(products: Products[] = [Products.Auth]) {
    const { data: pt } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: products,
    });
    const { data } = await sandbox.plaid.itemPublicTokenExchange({ public_token: pt.public_token });
    return data;
  }

  it("runs seed 002's flow: link token, public token, exchange, processor token, processor auth", async () => {
    const { data: link } = await sandbox.plaid.linkTokenCreate({
      user: { client_user_id: 'user-id', phone_number: '+1 415 555 0123' },
      client_name: 'Money Transfer App',
      products: [Products.Auth],
      country_codes: [CountryCode.Us],
      language: 'en',
      webhook: 'https://sample-web-hook.com',
      redirect_uri: 'https://domainname.com/oauth-page.html',
    });
    expect(link.link_token).toMatch(/^link-sandbox-[0-9a-f-]{36}$/);
    expect(link.request_id).toMatch(/^[A-Za-z0-9]{15}$/);
    expect(new Date(link.expiration).getTime() - sandbox.clock.now().getTime()).toBeGreaterThan(
      4 * 3600_000 - 1000,
    );

    const { access_token, item_id } = await linkItem();
    expect(access_token).toMatch(/^access-sandbox-/);
    expect(item_id).toMatch(/^[A-Za-z0-9]{37}$/);

    const { data: accounts } = await sandbox.plaid.accountsGet({ access_token });
    const checking = accounts.accounts.find((a) => a.name === 'Plaid Checking');
    expect(checking).toMatchObject({
      name: 'Plaid Checking',
      mask: '0000',
      balances: { available: 100, current: 110 },
    });

    for (const processor of ['atomic', 'atomicfi', 'bond']) {
      const { data: token } = await sandbox.plaid.processorTokenCreate({
        access_token,
        account_id: checking?.account_id ?? '',
        processor: processor as never,
      });
      expect(token.processor_token).toMatch(/^processor-sandbox-/);
      const { data: auth } = await sandbox.plaid.processorAuthGet({ processor_token: token.processor_token });
      expect(auth.account.account_id).toBe(checking?.account_id);
      expect(auth.numbers.ach).toMatchObject({
        account: '1111222233330000',
        routing: '011401533',
        wire_routing: '021000021',
      });
      expect(auth.numbers.eft).toBeNull();
    }
  });

  it('answers missing credentials with MISSING_FIELDS and wrong ones with INVALID_API_KEYS, and takes body credentials', async () => {
    const missing = await plaidError(
      sandbox
        .clientFor({})
        .institutionsGetById({ institution_id: 'ins_109508', country_codes: [CountryCode.Us] }),
    );
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      error_type: 'INVALID_REQUEST',
      error_code: 'MISSING_FIELDS',
      error_message: 'the following required fields are missing: client_id, secret',
    });
    const wrong = await plaidError(
      sandbox
        .clientFor({ 'PLAID-CLIENT-ID': TEST_CLIENT.clientId, 'PLAID-SECRET': 'nope' })
        .institutionsGetById({ institution_id: 'ins_109508', country_codes: [CountryCode.Us] }),
    );
    expect(wrong.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_API_KEYS' });
    const viaBody = await sandbox.clientFor({}).institutionsGetById({
      institution_id: 'ins_109508',
      country_codes: [CountryCode.Us],
      client_id: TEST_CLIENT.clientId,
      secret: TEST_CLIENT.secret,
    });
    expect(viaBody.data.institution.name).toBe('First Platypus Bank');
  });

  it('keeps every key of Plaid error bodies and a request id on every response', async () => {
    const res = await fetch(`${sandbox.url}/no/such/endpoint`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(404);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      'display_message',
      'documentation_url',
      'error_code',
      'error_code_reason',
      'error_message',
      'error_type',
      'request_id',
      'suggested_action',
    ]);
    expect(body).toMatchObject({
      error_code: 'NOT_FOUND',
      error_type: 'INVALID_REQUEST',
      documentation_url: 'https://plaid.com/docs/?ref=error#invalid-request-errors',
    });
    expect(body.request_id).toMatch(/^[A-Za-z0-9]{15}$/);

    const malformed = await fetch(`${sandbox.url}/item/get`, {
      method: 'POST',
      body: '{"access_token":',
      headers: { 'content-type': 'application/json' },
    });
    expect(((await malformed.json()) as Record<string, unknown>).error_code).toBe('INVALID_BODY');
  });

  it('names missing, unknown and mistyped fields the way Plaid does', async () => {
    const post = async (body: unknown) => {
      const res = await fetch(`${sandbox.url}/link/token/create`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'PLAID-CLIENT-ID': TEST_CLIENT.clientId,
          'PLAID-SECRET': TEST_CLIENT.secret,
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, string> };
    };
    const base = {
      client_name: 'App',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u1' },
      products: ['auth'],
    };
    expect((await post({ ...base, client_name: undefined })).body).toMatchObject({
      error_code: 'MISSING_FIELDS',
      error_message: 'the following required fields are missing: client_name',
    });
    expect((await post({ ...base, colour: 'blue' })).body).toMatchObject({
      error_code: 'UNKNOWN_FIELDS',
      error_message: 'the following fields are not recognized by this endpoint: colour',
    });
    expect((await post({ ...base, language: 'xx' })).body.error_code).toBe('INVALID_FIELD');
    expect((await post({ ...base, products: ['balance'] })).body.error_code).toBe('INVALID_PRODUCT');
    expect((await post({ ...base, user: { client_user_id: 'ada@example.com' } })).body.error_code).toBe(
      'INVALID_FIELD',
    );
  });

  it('accepts every Plaid processor name and linkport, and refuses others with INVALID_FIELD', async () => {
    const { access_token } = await linkItem();
    const { data } = await sandbox.plaid.accountsGet({ access_token });
    const account_id = data.accounts[0]?.account_id ?? '';
    for (const processor of ['dwolla', 'interchange', 'linkport']) {
      await expect(
        sandbox.plaid.processorTokenCreate({ access_token, account_id, processor: processor as never }),
      ).resolves.toBeTruthy();
    }
    const bad = await plaidError(
      sandbox.plaid.processorTokenCreate({ access_token, account_id, processor: 'acme' as never }),
    );
    expect(bad.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_FIELD' });
  });

  it('makes public tokens single use and 30 minutes long', async () => {
    const { data: first } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth],
    });
    await sandbox.plaid.itemPublicTokenExchange({ public_token: first.public_token });
    const reused = await plaidError(
      sandbox.plaid.itemPublicTokenExchange({ public_token: first.public_token }),
    );
    expect(reused.body.error_code).toBe('INVALID_PUBLIC_TOKEN');

    const { data: second } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth],
    });
    sandbox.clock.advance(30 * 60_000);
    const expired = await plaidError(
      sandbox.plaid.itemPublicTokenExchange({ public_token: second.public_token }),
    );
    expect(expired.body.error_code).toBe('INVALID_PUBLIC_TOKEN');
  });

  it('fails an error_<CODE> login with that error and creates no Item', async () => {
    const failed = await plaidError(
      sandbox.plaid.sandboxPublicTokenCreate({
        institution_id: 'ins_109508',
        initial_products: [Products.Auth],
        options: { override_password: 'error_ITEM_LOCKED' },
      }),
    );
    expect(failed.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'ITEM_LOCKED' });
    expect(failed.body.display_message).toBeTypeOf('string');
    const items = await sandbox.state.db.selectFrom('sandbox_items').select('item_id').execute();
    expect(items).toHaveLength(0);
  });

  it('breaks an Item with reset_login: data calls fail, /item/get reports it; /item/remove kills its tokens', async () => {
    const { access_token } = await linkItem();
    const { data } = await sandbox.plaid.accountsGet({ access_token });
    const { data: token } = await sandbox.plaid.processorTokenCreate({
      access_token,
      account_id: data.accounts[0]?.account_id ?? '',
      processor: 'bond' as never,
    });

    await sandbox.plaid.sandboxItemResetLogin({ access_token });
    expect((await plaidError(sandbox.plaid.accountsGet({ access_token }))).body.error_code).toBe(
      'ITEM_LOGIN_REQUIRED',
    );
    expect(
      (await plaidError(sandbox.plaid.processorAuthGet({ processor_token: token.processor_token }))).body
        .error_code,
    ).toBe('ITEM_LOGIN_REQUIRED');
    const { data: item } = await sandbox.plaid.itemGet({ access_token });
    expect(item.item.error?.error_code).toBe('ITEM_LOGIN_REQUIRED');

    await sandbox.plaid.itemRemove({ access_token });
    expect((await plaidError(sandbox.plaid.itemGet({ access_token }))).body.error_code).toBe(
      'ITEM_NOT_FOUND',
    );
    expect(
      (await plaidError(sandbox.plaid.processorAuthGet({ processor_token: token.processor_token }))).body
        .error_code,
    ).toBe('INVALID_PROCESSOR_TOKEN');
  });

  it('narrows what a processor token may read with permissions/set', async () => {
    const { access_token } = await linkItem();
    const { data } = await sandbox.plaid.accountsGet({ access_token });
    const { data: token } = await sandbox.plaid.processorTokenCreate({
      access_token,
      account_id: data.accounts[0]?.account_id ?? '',
      processor: 'bond' as never,
    });
    await sandbox.plaid.processorTokenPermissionsSet({
      processor_token: token.processor_token,
      products: [Products.Balance],
    });
    expect(
      (await sandbox.plaid.processorTokenPermissionsGet({ processor_token: token.processor_token })).data
        .products,
    ).toEqual(['balance']);
    await expect(
      sandbox.plaid.processorBalanceGet({ processor_token: token.processor_token }),
    ).resolves.toBeTruthy();
    expect(
      (await plaidError(sandbox.plaid.processorAuthGet({ processor_token: token.processor_token }))).body
        .error_code,
    ).toBe('INVALID_PRODUCT');
  });

  it('serves institutions with a real PNG logo when asked for metadata', async () => {
    const { data } = await sandbox.plaid.institutionsGetById({
      institution_id: 'ins_109511',
      country_codes: [CountryCode.Us],
      options: { include_optional_metadata: true },
    });
    expect(data.institution).toMatchObject({
      name: 'Tartan Bank',
      url: 'https://www.plaid.com/',
      primary_color: '#174e7c',
      oauth: false,
    });
    expect(
      Buffer.from(data.institution.logo ?? '', 'base64')
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const bare = await sandbox.plaid.institutionsGetById({
      institution_id: 'ins_109511',
      country_codes: [CountryCode.Us],
    });
    expect(bare.data.institution).not.toHaveProperty('logo');
    expect(
      (
        await plaidError(
          sandbox.plaid.institutionsGetById({ institution_id: 'notreal', country_codes: [CountryCode.Us] }),
        )
      ).body.error_code,
    ).toBe('INVALID_INSTITUTION');
  });

  it('serves identity and scores Identity Match per field, for Items and processor tokens', async () => {
    const { access_token } = await linkItem();
    const { data: identity } = await sandbox.plaid.identityGet({ access_token });
    expect(identity.accounts[0]?.owners[0]?.names).toEqual(['Alberta Bobbeth Charleson']);
    expect(identity.accounts[0]?.owners[0]?.addresses[0]?.data).toMatchObject({
      street: '2992 Cameron Road',
      postal_code: '14236',
    });

    const checking = identity.accounts.find((a) => a.name === 'Plaid Checking');
    const { data: token } = await sandbox.plaid.processorTokenCreate({
      access_token,
      account_id: checking?.account_id ?? '',
      processor: 'bond' as never,
    });
    const { data: match } = await sandbox.plaid.processorIdentityMatch({
      processor_token: token.processor_token,
      user: {
        legal_name: 'Alberta Charleson',
        phone_number: '+1 111-222-3333',
        email_address: 'ACCOUNTHOLDER0@example.com',
      },
    });
    expect(match.account.legal_name.score).toBeGreaterThanOrEqual(90);
    expect(match.account.phone_number.score).toBe(100);
    expect(match.account.email_address.score).toBe(100);
    expect(match.account.address).toEqual({ score: null, is_postal_code_match: null });

    const { data: stranger } = await sandbox.plaid.identityMatch({
      access_token,
      user: { legal_name: 'John Smith' },
    });
    expect(stranger.accounts.every((a) => (a.legal_name.score ?? 100) < 50)).toBe(true);
  });

  it('searches institutions and mints a processor token straight from /sandbox/processor_token/create', async () => {
    const { data } = await sandbox.plaid.institutionsSearch({
      query: 'platypus',
      country_codes: [CountryCode.Us],
      products: [Products.Auth],
    });
    expect(data.institutions.map((i) => i.institution_id)).toEqual(
      expect.arrayContaining(['ins_109508', 'ins_127287']),
    );
    const oauthOnly = await sandbox.plaid.institutionsSearch({
      query: 'platypus',
      country_codes: [CountryCode.Us],
      options: { oauth: true },
    });
    expect(oauthOnly.data.institutions.every((i) => i.oauth)).toBe(true);

    const { data: token } = await sandbox.plaid.sandboxProcessorTokenCreate({ institution_id: 'ins_109508' });
    const { data: auth } = await sandbox.plaid.processorAuthGet({ processor_token: token.processor_token });
    expect(auth.numbers.ach).toMatchObject({ account: '1111222233330000', routing: '011401533' });
    expect(auth.account.mask).toBe('0000');
  });

  it('links a user_custom login with the configured accounts, numbers, identity and transactions', async () => {
    const today = new Date(sandbox.clock.now()).toISOString().slice(0, 10);
    const config = {
      override_accounts: [
        {
          type: 'depository',
          subtype: 'checking',
          starting_balance: 5000,
          meta: { name: 'Payroll Checking', mask: '4321' },
          numbers: { account: '9876543214321', ach_routing: '021000021' },
          transactions: [
            { date_transacted: today, date_posted: today, amount: -2500, description: 'ACME PAYROLL' },
          ],
          identity: {
            names: ['Grace Hopper'],
            emails: [{ data: 'grace@example.com', primary: true, type: 'primary' }],
          },
        },
      ],
    };
    const { data: pt } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth, Products.Transactions],
      options: { override_username: 'user_custom', override_password: JSON.stringify(config) },
    });
    const { data: item } = await sandbox.plaid.itemPublicTokenExchange({ public_token: pt.public_token });
    const { data: auth } = await sandbox.plaid.authGet({ access_token: item.access_token });
    expect(auth.accounts).toHaveLength(1);
    expect(auth.accounts[0]).toMatchObject({
      name: 'Payroll Checking',
      mask: '4321',
      balances: { current: 5000, available: 5000 },
    });
    expect(auth.numbers.ach[0]).toMatchObject({ account: '9876543214321', routing: '021000021' });
    const { data: identity } = await sandbox.plaid.identityGet({ access_token: item.access_token });
    expect(identity.accounts[0]?.owners[0]?.names).toEqual(['Grace Hopper']);
    const { data: sync } = await sandbox.plaid.transactionsSync({ access_token: item.access_token });
    expect(sync.added.map((t) => [t.name, t.amount])).toEqual([['ACME PAYROLL', -2500]]);

    const forced = await plaidError(
      sandbox.plaid.sandboxPublicTokenCreate({
        institution_id: 'ins_109508',
        initial_products: [Products.Auth],
        options: {
          override_username: 'user_custom',
          override_password: JSON.stringify({ ...config, force_error: 'ITEM_LOCKED' }),
        },
      }),
    );
    expect(forced.body.error_code).toBe('ITEM_LOCKED');
    const broken = await plaidError(
      sandbox.plaid.sandboxPublicTokenCreate({
        institution_id: 'ins_109508',
        initial_products: [Products.Auth],
        options: { override_username: 'user_custom', override_password: '{"override_accounts": []}' },
      }),
    );
    expect(broken.body).toMatchObject({ error_code: 'INVALID_FIELD' });
    expect(String(broken.body.error_message)).toContain('override_accounts');
  });

  it('rotates an access token with /item/access_token/invalidate: the old one stops working', async () => {
    const { access_token, item_id } = await linkItem();
    const { data } = await sandbox.plaid.itemAccessTokenInvalidate({ access_token });
    expect(data.new_access_token).toMatch(/^access-sandbox-/);
    expect((await sandbox.plaid.itemGet({ access_token: data.new_access_token })).data.item.item_id).toBe(
      item_id,
    );
    expect((await plaidError(sandbox.plaid.itemGet({ access_token }))).body.error_code).toBe(
      'INVALID_ACCESS_TOKEN',
    );
  });
});
