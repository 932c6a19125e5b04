import { Products } from 'plaid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plaidError, type SandboxHarness, startSandbox } from './sandbox.test-helper.js';

describe('sandbox /item/import', () => {
  let sandbox: SandboxHarness;
  beforeEach(async () => {
    sandbox = await startSandbox();
  });
  afterEach(() => sandbox.close());

  it("imports an Item from user_auth as Plaid's own suite does, with and without a webhook", async () => {
    const { data } = await sandbox.plaid.itemImport({
      products: [Products.Identity, Products.Auth],
      user_auth: { user_id: 'user_good', auth_token: 'pass_good' },
      options: { webhook: 'https://plaid.com/webhook-test' },
    });
    expect(data.access_token).toMatch(/^access-sandbox-/);
    const { data: item } = await sandbox.plaid.itemGet({ access_token: data.access_token });
    expect(item.item).toMatchObject({
      institution_id: 'ins_109508',
      webhook: 'https://plaid.com/webhook-test',
      products: ['identity', 'auth'],
    });
    const { data: auth } = await sandbox.plaid.authGet({ access_token: data.access_token });
    expect(auth.numbers.ach.map((n) => n.account)).toContain('1111222233330000');

    const { data: plain } = await sandbox.plaid.itemImport({
      institution_id: 'ins_109511',
      products: [Products.Transactions],
      user_auth: { user_id: 'user_transactions_dynamic', auth_token: 'any' },
    });
    const { data: accounts } = await sandbox.plaid.accountsGet({ access_token: plain.access_token });
    expect(accounts.item.institution_id).toBe('ins_109511');
    expect(accounts.accounts.map((a) => a.mask)).toEqual(['0000', '3333']);
  });

  it("answers Plaid's errors for bad credentials, institutions and products", async () => {
    const products = [Products.Auth];
    const wrong = await plaidError(
      sandbox.plaid.itemImport({ products, user_auth: { user_id: 'user_good', auth_token: 'nope' } }),
    );
    expect(wrong.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'INVALID_CREDENTIALS' });
    const institution = await plaidError(
      sandbox.plaid.itemImport({
        institution_id: 'ins_0',
        products,
        user_auth: { user_id: 'user_good', auth_token: 'pass_good' },
      }),
    );
    expect(institution.body).toMatchObject({ error_code: 'INVALID_INSTITUTION' });
    const unserved = await plaidError(
      sandbox.plaid.itemImport({
        products: [Products.Statements],
        user_auth: { user_id: 'user_good', auth_token: 'pass_good' },
      }),
    );
    expect(unserved.body).toMatchObject({ error_code: 'INVALID_PRODUCT' });
  });
});
