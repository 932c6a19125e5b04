import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_TOKEN } from './support/app.js';
import { testDatabases } from './support/databases.js';
import { mintProcessorToken } from './support/processor-token.js';
import { type Json, type SandboxedServer, startWithSandbox } from './support/with-sandbox.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
const ada = { first_name: 'Alberta', last_name: 'Charleson', date_of_birth: '1985-12-10' };

describe.each(testDatabases)('the audit trail of linking and money movement on $name', (database) => {
  let env: SandboxedServer;
  beforeAll(async () => {
    env = await startWithSandbox(database);
  }, 60_000);
  afterAll(() => env?.close());

  it('records the link, the reveal, the transfer and its cancellation, each with its key and request id', async () => {
    const brand = await env.server.createBrand('Acme');
    const h = brand.headers;
    await env.send('PUT', `/admin/brands/${brand.brandId}/integrations/plaid`, admin, { enabled: true });
    const customer = await env.send('POST', '/api/v0.1/customers', h, ada);
    const customerId = String(customer.body.customer_id);
    const card = await env.send('POST', '/api/v0.1/accounts', h, { customer_id: customerId });
    const { processorToken } = await mintProcessorToken(env.sandbox.plaid, 'Plaid Checking');
    const linked = await env.send('POST', '/api/v0.1/accounts/processor_tokens', h, {
      processor_token: processorToken,
      customer_id: customerId,
    });
    const linkedId = String(linked.body.linked_account_id);
    const reveal = `/api/v0/accounts/${String(card.body.account_id)}/external_accounts?list_full_account=true`;
    await env.send('GET', reveal, { ...h, 'x-request-id': 'req-reveal-01' });
    await env.send('POST', `/api/v0.1/sandbox/accounts/${String(card.body.account_id)}/fund`, h, {
      amount: '5000',
    });
    const body = {
      from: card.body.account_id,
      to: linkedId,
      amount: 1000,
      currency: 'USD',
      description: 'Oops',
    };
    const transfer = await env.send('POST', '/api/v0.1/transfers', { ...h, 'idempotency-key': 'k-1' }, body);
    expect(transfer.status).toBe(201);
    const transferId = String(transfer.body.transfer_id);
    const cancel = await env.send('POST', `/api/v0.1/transfers/${transferId}/cancel`, {
      ...h,
      'x-request-id': 'req-cancel-01',
    });
    expect(cancel.body.status).toBe('canceled');

    const log = await env.send('GET', '/api/v0.1/audit_log?limit=100', h);
    const entries = (log.body.data as Json[]).map((e) => [e.action, e.object_id, e.actor_id]);
    expect(entries).toEqual(
      expect.arrayContaining([
        ['external_account.linked', linkedId, h.identity],
        ['external_account.numbers_revealed', linkedId, h.identity],
        ['transfer.created', transferId, h.identity],
        ['transfer.canceled', transferId, h.identity],
        ['account.created', card.body.account_id, h.identity],
      ]),
    );
    const byObject = await env.send('GET', `/api/v0.1/audit_log?object_id=${transferId}`, h);
    expect((byObject.body.data as Json[]).map((e) => [e.action, e.request_id])).toEqual([
      ['transfer.canceled', 'req-cancel-01'],
      ['transfer.created', expect.any(String)],
    ]);
    const revealed = await env.send('GET', '/api/v0.1/audit_log?action=external_account.numbers_revealed', h);
    expect((revealed.body.data as Json[])[0]).toMatchObject({ request_id: 'req-reveal-01' });
    expect(JSON.stringify(log.body)).not.toMatch(/1111222233330000|processor-sandbox/);

    const other = await env.server.createBrand('Globex');
    const theirs = await env.send('GET', `/api/v0.1/audit_log?object_id=${transferId}`, other.headers);
    expect(theirs.body.data).toEqual([]);
  });
});
