import { CountryCode, Products } from 'plaid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plaidError, type SandboxHarness, startReceiver, startSandbox } from './sandbox.test-helper.js';
import { deliverDueWebhooks } from './webhooks.js';

/**
 * What Plaid's own client suite and quickstart expect of the sandbox, beyond the basic flows:
 * client user ids, Item status, institution listings, and products the sandbox does not serve.
 */
describe('sandbox against the Plaid contract its clients rely on', () => {
  let sandbox: SandboxHarness;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  const linkToken = (clientUserId: string, products: Products[] = [Products.Auth]) =>
    sandbox.plaid.linkTokenCreate({
      user: { client_user_id: clientUserId },
      client_name: 'Acme',
      products,
      country_codes: [CountryCode.Us],
      language: 'en',
    });

  async function accessTokenFor(products: Products[], webhook?: string): Promise<string> {
    const { data } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: products,
      ...(webhook ? { options: { webhook } } : {}),
    });
    return (await sandbox.plaid.itemPublicTokenExchange({ public_token: data.public_token })).data
      .access_token;
  }

  it('takes any user id number as client_user_id and refuses only what is unmistakably PII', async () => {
    for (const id of ['1234567', Date.now().toString(), '415-555-0123', 'user-42', '00000000001']) {
      expect((await linkToken(id)).data.link_token).toMatch(/^link-sandbox-/);
    }
    for (const pii of ['ada@example.com', '+1 415 555 0123', '+14155550123', '(415) 555-0123']) {
      const { status, body } = await plaidError(linkToken(pii));
      expect(status).toBe(400);
      expect(body).toMatchObject({ error_code: 'INVALID_FIELD' });
      expect(String(body.error_message)).toContain('user.client_user_id');
    }
  });

  it("reports an Item's status: transactions updates, and the last webhook once one was sent", async () => {
    const auth = await accessTokenFor([Products.Auth]);
    const { data: plain } = await sandbox.plaid.itemGet({ access_token: auth });
    expect(plain.status).toEqual({ last_webhook: null });

    const receiver = await startReceiver();
    try {
      const created = sandbox.clock.now().toISOString();
      const token = await accessTokenFor([Products.Transactions], receiver.url);
      let { data } = await sandbox.plaid.itemGet({ access_token: token });
      expect(data.status?.transactions).toEqual({
        last_successful_update: created,
        last_failed_update: null,
      });
      expect(data.status?.last_webhook).toBeNull(); // queued, not sent yet

      sandbox.clock.advance(5_000);
      const sentAt = sandbox.clock.now().toISOString();
      receiver.statuses.push(500, 500, 500); // a failing receiver still means the webhook was sent
      await deliverDueWebhooks(sandbox.state);
      ({ data } = await sandbox.plaid.itemGet({ access_token: token }));
      expect(data.status?.last_webhook?.sent_at).toBe(sentAt);
      expect(['SYNC_UPDATES_AVAILABLE', 'INITIAL_UPDATE', 'HISTORICAL_UPDATE']).toContain(
        data.status?.last_webhook?.code_sent,
      );

      sandbox.clock.advance(60_000);
      await sandbox.plaid.transactionsRefresh({ access_token: token });
      ({ data } = await sandbox.plaid.itemGet({ access_token: token }));
      expect(data.status?.transactions?.last_successful_update).toBe(sandbox.clock.now().toISOString());
    } finally {
      await receiver.close();
    }
  });

  it('leaves url, primary_color and logo out unless optional metadata is asked for', async () => {
    const request = { institution_id: 'ins_109508', country_codes: [CountryCode.Us] };
    const { data: bare } = await sandbox.plaid.institutionsGetById(request);
    for (const key of ['url', 'primary_color', 'logo']) expect(bare.institution).not.toHaveProperty(key);
    const { data: full } = await sandbox.plaid.institutionsGetById({
      ...request,
      options: { include_optional_metadata: true },
    });
    expect(full.institution).toMatchObject({ primary_color: '#1f1f1f', url: 'https://www.plaid.com/' });
    expect(full.institution.logo).toMatch(/^iVBOR/); // a base64 PNG
  });

  it('finds institutions by name words, by institution id and by routing number, ten at most', async () => {
    const search = async (query: string) =>
      (
        await sandbox.plaid.institutionsSearch({
          query,
          products: null,
          country_codes: [CountryCode.Us],
        })
      ).data.institutions.map((i) => i.institution_id);
    expect(await search('ins_109508')).toEqual(['ins_109508']);
    expect(await search('platypus first')).toContain('ins_109508');
    expect(await search('333333334')).toEqual(['ins_135858']);
    expect(await search('nothing like it')).toEqual([]);
    const everything = await search('a');
    expect(everything.length).toBe(10);
    const { data } = await sandbox.plaid.institutionsSearch({
      query: 'ins_109508',
      products: null,
      country_codes: [CountryCode.Us],
    });
    expect(data.institutions[0]).not.toHaveProperty('primary_color');
  });

  it('lists institutions by page with /institutions/get, filtered by country and product', async () => {
    const { data: first } = await sandbox.plaid.institutionsGet({
      count: 3,
      offset: 0,
      country_codes: [CountryCode.Us],
    });
    expect(first.institutions).toHaveLength(3);
    expect(first.total).toBeGreaterThan(3);
    for (const i of first.institutions) expect(i).not.toHaveProperty('primary_color');
    const { data: rest } = await sandbox.plaid.institutionsGet({
      count: 500,
      offset: 3,
      country_codes: [CountryCode.Us],
      options: { include_optional_metadata: true },
    });
    expect(rest.institutions).toHaveLength(first.total - 3);
    for (const i of rest.institutions) expect(i.primary_color).toMatch(/^#/);
    const ids = [...first.institutions, ...rest.institutions].map((i) => i.institution_id);
    expect(new Set(ids).size).toBe(first.total);
    expect(ids).not.toContain('ins_43'); // Canadian

    const { data: gb } = await sandbox.plaid.institutionsGet({
      count: 10,
      offset: 0,
      country_codes: [CountryCode.Gb],
    });
    expect(gb.institutions.map((i) => i.institution_id).sort()).toEqual(['ins_116834', 'ins_117650']);
    const bad = await plaidError(
      sandbox.plaid.institutionsGet({ count: 0, offset: 0, country_codes: [CountryCode.Us] }),
    );
    expect(bad.body).toMatchObject({ error_code: 'INVALID_FIELD' });
  });

  it('refuses products it does not serve where an Item would take them on, saying so', async () => {
    const link = await plaidError(linkToken('user-1', [Products.Auth, Products.Statements]));
    expect(link.status).toBe(400);
    expect(link.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_PRODUCT' });
    expect(link.body.error_message).toMatch(
      /^client is not authorized to access the following products: \["statements"\]\. The local Linkport sandbox does not serve this product; it serves auth, /,
    );
    const created = await plaidError(
      sandbox.plaid.sandboxPublicTokenCreate({
        institution_id: 'ins_109508',
        initial_products: [Products.Transfer, Products.Auth],
      }),
    );
    expect(created.body).toMatchObject({ error_code: 'INVALID_PRODUCT' });
    expect(created.body.error_message).toContain('["transfer"]');
    // The product is the refusal even at an institution the sandbox does not know (Plaid's own
    // income test names one), and an Item never offers a product it would refuse.
    const elsewhere = await plaidError(
      sandbox.plaid.sandboxPublicTokenCreate({
        institution_id: 'ins_135842',
        initial_products: [Products.IncomeVerification],
      }),
    );
    expect(elsewhere.body).toMatchObject({ error_code: 'INVALID_PRODUCT' });
    const { data: token } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth],
    });
    const { data: exchanged } = await sandbox.plaid.itemPublicTokenExchange({
      public_token: token.public_token,
    });
    const { data: got } = await sandbox.plaid.itemGet({ access_token: exchanged.access_token });
    expect(got.item.available_products).not.toContain(Products.Transfer);
    expect(got.item.available_products).toContain(Products.Transactions);
  });

  it('answers a path it does not serve with a Plaid error that names it', async () => {
    const res = await fetch(`${sandbox.url}/payment_initiation/payment/create`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(404);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error_code: 'NOT_FOUND', error_type: 'INVALID_REQUEST' });
    expect(body.error_message).toBe(
      'not found: the local Linkport sandbox does not serve POST /payment_initiation/payment/create (its README lists the endpoints it serves)',
    );
  });
});
