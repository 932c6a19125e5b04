import { decodeProtectedHeader } from 'jose';
import { Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxHarness, startSandbox, TEST_CLIENT } from '../../sandbox/sandbox.test-helper.js';
import { signWebhookBody } from '../../sandbox/webhooks.js';
import { PlaidFailure } from './errors.js';
import { createPlaidGateway, type PlaidGateway } from './plaid-gateway.js';

/**
 * Linkport's side of Plaid against the built-in sandbox: each call's transform, and failures as
 * PlaidFailure with Plaid's code, status and whether a retry could help.
 */
describe('the Plaid gateway against the built-in sandbox', () => {
  let sandbox: SandboxHarness;
  let plaid: PlaidGateway;
  let accessToken: string;
  let itemId: string;
  let checkingId: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    plaid = createPlaidGateway(sandbox.url, () => TEST_CLIENT);
    const { data } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth, Products.Transactions],
    });
    ({ accessToken, itemId } = await plaid.exchangePublicToken(data.public_token));
    const accounts = await plaid.readItemAccounts(accessToken);
    checkingId = accounts.find((a) => a.mask === '0000')?.plaidAccountId ?? '';
  });
  afterAll(() => sandbox.close());

  const processorToken = async () =>
    (
      await sandbox.plaid.processorTokenCreate({
        access_token: accessToken,
        account_id: checkingId,
        processor: 'linkport' as never,
      })
    ).data.processor_token;

  it('reads an Item, its accounts, their numbers and a live balance', async () => {
    expect(await plaid.readItem(accessToken)).toEqual({
      itemId,
      institutionId: 'ins_109508',
      webhook: null,
      errorCode: null,
      products: ['auth', 'transactions'],
    });
    const accounts = await plaid.readItemAccounts(accessToken);
    expect(accounts.find((a) => a.plaidAccountId === checkingId)).toEqual({
      plaidAccountId: checkingId,
      name: 'Plaid Checking',
      mask: '0000',
      type: 'depository',
      subtype: 'checking',
    });
    const [numbers] = await plaid.readItemNumbers(accessToken, [checkingId]);
    expect(numbers?.ach).toEqual({ routingNumber: '011401533', accountNumber: '1111222233330000' });
    expect(await plaid.readItemBalance(accessToken, checkingId)).toEqual({
      availableCents: 10000,
      currentCents: 11000,
      isoCurrencyCode: 'USD',
    });
  });

  it('reads the account behind a processor token: numbers, holders, balance, transactions', async () => {
    const token = await processorToken();
    expect(await plaid.readProcessorAccount(token)).toMatchObject({
      plaidAccountId: checkingId,
      mask: '0000',
      type: 'depository',
      subtype: 'checking',
      institutionId: 'ins_109508',
      ach: { routingNumber: '011401533', accountNumber: '1111222233330000' },
    });
    const [holder] = await plaid.readProcessorIdentity(token);
    expect(holder?.names.length).toBeGreaterThan(0);
    expect(await plaid.readProcessorBalance(token)).toMatchObject({
      availableCents: 10000,
      currentCents: 11000,
    });
    let page = await plaid.syncProcessorTransactions(token, null);
    const added = [...page.added];
    while (page.hasMore) {
      page = await plaid.syncProcessorTransactions(token, page.nextCursor);
      added.push(...page.added);
    }
    expect(added.length).toBeGreaterThan(10);
    expect(added.every((t) => t.account_id === checkingId)).toBe(true);
    expect(page.nextCursor).not.toBe('');
  });

  it('makes link tokens, for new Items and for update mode', async () => {
    const created = await plaid.createLinkToken({
      clientName: 'Acme',
      clientUserId: 'u-1',
      webhook: 'https://a.example/h',
    });
    expect(created.linkToken).toMatch(/^link-sandbox-/);
    const update = await plaid.createLinkToken({
      clientName: 'Acme',
      clientUserId: 'u-1',
      webhook: 'https://a.example/h',
      accessToken,
      accountSelection: true,
    });
    expect(new Date(update.expiration).getTime()).toBeLessThan(new Date(created.expiration).getTime());
  });

  it("names a bank, and fetches Plaid's webhook signing key", async () => {
    expect(await plaid.getInstitution('ins_109508')).toMatchObject({
      id: 'ins_109508',
      name: 'First Platypus Bank',
      logo: expect.stringMatching(/^iVBOR/) as unknown,
    });
    await plaid.setItemWebhook(accessToken, 'https://a.example/h');
    await plaid.sandboxFireWebhook(accessToken, 'NEW_ACCOUNTS_AVAILABLE');
    const { kid } = decodeProtectedHeader(await signWebhookBody(sandbox.state, '{}'));
    const { jwk } = await plaid.getWebhookVerificationKey(String(kid));
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
  });

  it("turns Plaid's refusals into a PlaidFailure with its code; only Plaid's own trouble is retryable", async () => {
    const refused = await plaid.readProcessorAccount('processor-sandbox-nope').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PlaidFailure);
    expect(refused).toMatchObject({
      plaidCode: 'INVALID_PROCESSOR_TOKEN',
      httpStatus: 400,
      retryable: false,
    });
    await plaid.sandboxResetLogin(accessToken);
    expect(await plaid.readItem(accessToken)).toMatchObject({ errorCode: 'ITEM_LOGIN_REQUIRED' });
    const broken = await plaid.readItemAccounts(accessToken).catch((e: unknown) => e);
    expect(broken).toMatchObject({ plaidCode: 'ITEM_LOGIN_REQUIRED', retryable: false });
    const down = createPlaidGateway('http://127.0.0.1:9', () => TEST_CLIENT);
    const unreachable = await down.readItem(accessToken).catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ plaidCode: null, httpStatus: null, retryable: true });
    const noKeys = createPlaidGateway(sandbox.url, () => undefined);
    await expect(noKeys.readItem(accessToken)).rejects.toThrow(
      'PLAID_CLIENT_ID and PLAID_SECRET are not set',
    );
  });
});
