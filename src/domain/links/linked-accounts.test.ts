import { Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN } from '../../../test/support/app.js';
import { testDatabases } from '../../../test/support/databases.js';
import { completeLink } from '../../../test/support/link-driver.js';
import { type SandboxedServer, startWithSandbox } from '../../../test/support/with-sandbox.js';

type Json = Record<string, unknown>;

/**
 * `resolveLinkedAccount`, the one lookup transfers and insights use: the same answer whichever way
 * an account was linked, with sealed numbers that open to the bank's, and a working way to Plaid.
 */
describe.each(testDatabases)('resolving a linked account on $name', (database) => {
  let harness: SandboxedServer;
  beforeAll(async () => {
    harness = await startWithSandbox(database);
  });
  afterAll(() => harness.close());

  async function customerWithCard() {
    const brand = await harness.server.createBrand('Acme');
    await harness.send(
      'PUT',
      `/admin/brands/${brand.brandId}/integrations/plaid`,
      { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
      { enabled: true },
    );
    const customer = await harness.send('POST', '/api/v0.1/customers', brand.headers, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      date_of_birth: '1985-12-10',
    });
    const customerId = String(customer.body.customer_id);
    const card = await harness.send('POST', '/api/v0.1/accounts', brand.headers, { customer_id: customerId });
    return { ...brand, customerId, cardId: String(card.body.account_id) };
  }

  it('answers alike for a processor-token link and an account of a held Item', async () => {
    const { sandbox, server } = harness;
    const brand = await customerWithCard();
    const tenant = { brandId: brand.brandId };

    const { data: created } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth],
    });
    const { data: item } = await sandbox.plaid.itemPublicTokenExchange({
      public_token: created.public_token,
    });
    const { data: accounts } = await sandbox.plaid.accountsGet({ access_token: item.access_token });
    const savings = accounts.accounts.find((a) => a.mask === '1111');
    const { data: token } = await sandbox.plaid.processorTokenCreate({
      access_token: item.access_token,
      account_id: savings?.account_id ?? '',
      processor: 'linkport' as never,
    });
    const byToken = await harness.send('POST', '/api/v0.1/accounts/processor_tokens', brand.headers, {
      processor_token: token.processor_token,
      customer_id: brand.customerId,
    });

    const linkToken = await harness.send('POST', '/api/v0.1/plaid/link_token', brand.headers, {
      customer_id: brand.customerId,
    });
    const link = await completeLink(sandbox.url, String(linkToken.body.link_token), {
      pick: (offered) => offered.filter((a) => a.subtype === 'checking').map((a) => a.id),
    });
    const byItem = await harness.send('POST', '/api/v0.1/plaid/public_token', brand.headers, {
      customer_id: brand.customerId,
      public_token: link.publicToken,
    });
    const heldId = String((byItem.body.linked_accounts as Json[])[0]?.linked_account_id);

    const viaToken = await server.container.links.links.resolve(
      tenant,
      String(byToken.body.linked_account_id),
    );
    const viaItem = await server.container.links.links.resolve(tenant, heldId);
    for (const [resolved, mask, number] of [
      [viaToken, '1111', '1111222233331111'],
      [viaItem, '0000', '1111222233330000'],
    ] as const) {
      expect(resolved).toMatchObject({
        brandId: brand.brandId,
        owner: { kind: 'customer', id: brand.customerId },
        accountId: brand.cardId,
        status: 'active',
        institution: { id: 'ins_109508', name: 'First Platypus Bank' },
        mask,
      });
      expect(resolved.numbers.routing.open()).toBe('011401533');
      expect(resolved.numbers.account.open()).toBe(number);
    }
    // Each way to Plaid works for its own account.
    if (viaToken.plaid.via !== 'processor_token') throw new Error('expected a processor token');
    const { data: balance } = await sandbox.plaid.processorBalanceGet({
      processor_token: viaToken.plaid.processorToken.open(),
    });
    expect(balance.account.account_id).toBe(viaToken.plaidAccountId);
    if (viaItem.plaid.via !== 'access_token') throw new Error('expected an access token');
    const { data: held } = await sandbox.plaid.accountsGet({
      access_token: viaItem.plaid.accessToken.open(),
    });
    expect(held.accounts.map((a) => a.account_id)).toContain(viaItem.plaidAccountId);
    expect(viaItem.plaid.plaidItemId).toBe(byItem.body.plaid_item_id);

    // Another brand's link, or a removed one, is not found.
    const other = await harness.server.createBrand('Globex');
    await expect(
      server.container.links.links.resolve({ brandId: other.brandId }, heldId),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await harness.send(
      'DELETE',
      `/api/v0.1/accounts/${String(byToken.body.linked_account_id)}`,
      brand.headers,
    );
    await expect(
      server.container.links.links.resolve(tenant, String(byToken.body.linked_account_id)),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
