import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { Products } from 'plaid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Received, type SandboxHarness, startReceiver, startSandbox } from './sandbox.test-helper.js';
import { deliverDueWebhooks, FIRST_RETRY_MS } from './webhooks.js';

describe('sandbox webhooks', () => {
  let sandbox: SandboxHarness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    sandbox = await startSandbox();
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await sandbox.close();
    await receiver.close();
  });

  /** Verifies a webhook exactly as Plaid tells brands to. */
  async function verify(webhook: Received): Promise<void> {
    const { kid, alg } = decodeProtectedHeader(webhook.verification);
    expect(alg).toBe('ES256');
    const { data } = await sandbox.plaid.webhookVerificationKeyGet({ key_id: String(kid) });
    expect(data.key.expired_at).toBeNull();
    const key = await importJWK({ ...data.key }, 'ES256');
    const { payload } = await jwtVerify(webhook.verification, key, {
      algorithms: ['ES256'],
      maxTokenAge: '5 min',
      currentDate: sandbox.clock.now(),
    });
    const expected = Buffer.from(createHash('sha256').update(webhook.raw).digest('hex'));
    expect(timingSafeEqual(expected, Buffer.from(String(payload.request_body_sha256)))).toBe(true);
  }

  async function linkItem(webhook?: string, products = [Products.Auth, Products.Transactions]) {
    const { data: pt } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: products,
      ...(webhook ? { options: { webhook } } : {}),
    });
    return (await sandbox.plaid.itemPublicTokenExchange({ public_token: pt.public_token })).data;
  }

  it('signs every webhook so that a brand can verify it, for Items and processor tokens', async () => {
    const { access_token, item_id } = await linkItem();
    await sandbox.plaid.itemWebhookUpdate({ access_token, webhook: receiver.url });
    await sandbox.plaid.sandboxItemResetLogin({ access_token });
    await sandbox.plaid.sandboxItemFireWebhook({
      access_token,
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE' as never,
    });
    await deliverDueWebhooks(sandbox.state);

    expect(receiver.received.map((w) => w.body.webhook_code)).toEqual([
      'WEBHOOK_UPDATE_ACKNOWLEDGED',
      'ERROR',
      'NEW_ACCOUNTS_AVAILABLE',
    ]);
    expect(receiver.received[0]?.body).toEqual({
      webhook_type: 'ITEM',
      webhook_code: 'WEBHOOK_UPDATE_ACKNOWLEDGED',
      item_id,
      new_webhook_url: receiver.url,
      error: null,
      environment: 'sandbox',
    });
    expect(receiver.received[1]?.body.error).toMatchObject({
      error_code: 'ITEM_LOGIN_REQUIRED',
      status: 400,
    });
    expect(receiver.received[1]?.body.error).not.toHaveProperty('request_id');
    expect(receiver.received[0]?.raw).toContain('\n  "webhook_type"');
    for (const webhook of receiver.received) await verify(webhook);
  });

  it('sends PROCESSOR_TOKEN webhooks with the account id to the processor webhook', async () => {
    const { access_token } = await linkItem();
    const { data } = await sandbox.plaid.accountsGet({ access_token });
    const accountId = data.accounts[0]?.account_id ?? '';
    const { data: token } = await sandbox.plaid.processorTokenCreate({
      access_token,
      account_id: accountId,
      processor: 'atomicfi' as never,
    });
    await sandbox.plaid.processorTokenWebhookUpdate({
      processor_token: token.processor_token,
      webhook: receiver.url,
    });
    await deliverDueWebhooks(sandbox.state);
    expect(receiver.received[0]?.body).toEqual({
      webhook_type: 'PROCESSOR_TOKEN',
      webhook_code: 'WEBHOOK_UPDATE_ACKNOWLEDGED',
      account_id: accountId,
      new_webhook_url: receiver.url,
      error: null,
      environment: 'sandbox',
    });
    await verify(receiver.received[0] as Received);
  });

  it("retries a failed delivery on Plaid's schedule", async () => {
    receiver.statuses.push(500, 503);
    await linkItem();
    const { access_token } = await linkItem(receiver.url, [Products.Auth]);
    await sandbox.plaid.sandboxItemFireWebhook({ access_token, webhook_code: 'LOGIN_REPAIRED' as never });
    await deliverDueWebhooks(sandbox.state);
    sandbox.clock.advance(FIRST_RETRY_MS - 1);
    expect(await deliverDueWebhooks(sandbox.state)).toBe(0);
    sandbox.clock.advance(1);
    await deliverDueWebhooks(sandbox.state);
    sandbox.clock.advance(FIRST_RETRY_MS * 4);
    await deliverDueWebhooks(sandbox.state);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((w) => w.raw)).size).toBe(1);
    const [row] = await sandbox.state.db.selectFrom('sandbox_webhooks').selectAll().execute();
    expect(row).toMatchObject({ attempts: 3, last_status: 200 });
    expect(row?.delivered_at).not.toBeNull();
  });

  it('refuses fire_webhook without a webhook, and transactions codes without the product', async () => {
    const { access_token } = await linkItem();
    const error = await sandbox.plaid
      .sandboxItemFireWebhook({ access_token, webhook_code: 'NEW_ACCOUNTS_AVAILABLE' as never })
      .catch((err: { response: { data: { error_code: string } } }) => err.response.data);
    expect(error).toMatchObject({ error_code: 'SANDBOX_WEBHOOK_INVALID' });
    const { data: pt } = await sandbox.plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth],
      options: { webhook: receiver.url },
    });
    const authOnly = await sandbox.plaid.itemPublicTokenExchange({ public_token: pt.public_token });
    const refused = await sandbox.plaid
      .sandboxItemFireWebhook({
        access_token: authOnly.data.access_token,
        webhook_code: 'SYNC_UPDATES_AVAILABLE' as never,
      })
      .catch((err: { response: { data: { error_code: string } } }) => err.response.data);
    expect(refused).toMatchObject({ error_code: 'SANDBOX_PRODUCT_NOT_ENABLED' });
  });

  it('announces a new transactions Item: SYNC_UPDATES_AVAILABLE and the legacy INITIAL_UPDATE and HISTORICAL_UPDATE', async () => {
    const { access_token, item_id } = await linkItem(receiver.url);
    await deliverDueWebhooks(sandbox.state);
    expect(receiver.received.map((w) => w.body.webhook_code)).toEqual([
      'SYNC_UPDATES_AVAILABLE',
      'INITIAL_UPDATE',
      'HISTORICAL_UPDATE',
    ]);
    expect(receiver.received[0]?.body).toMatchObject({
      item_id,
      initial_update_complete: true,
      historical_update_complete: true,
    });
    const today = sandbox.clock.now().toISOString().slice(0, 10);
    const { data } = await sandbox.plaid.transactionsGet({
      access_token,
      start_date: '2000-01-01',
      end_date: today,
      options: { count: 1 },
    });
    expect(receiver.received[2]?.body).toMatchObject({
      new_transactions: data.total_transactions,
      error: null,
    });
    for (const webhook of receiver.received) await verify(webhook);
  });
});
