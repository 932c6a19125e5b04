import { Products, type PlaidApi } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker } from '../src/jobs/worker.js';
import { deliverDueWebhooks } from '../src/sandbox/webhooks.js';
import { testDatabases } from './support/databases.js';
import { type Json, type SandboxedServer, startWithSandbox } from './support/with-sandbox.js';
import { startWebhookReceiver, verifyWebhook } from './support/webhook-receiver.js';

type Receiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
const BOTH = ['employer-classification', 'recurrence-detection'];

/** A processor token for the Item's checking account, minted the way a brand mints one. */
async function processorToken(
  plaid: PlaidApi,
  products: Products[],
  options: { username?: string; processor?: string } = {},
): Promise<{ token: string; accessToken: string; accountId: string }> {
  const { data: created } = await plaid.sandboxPublicTokenCreate({
    institution_id: 'ins_109508',
    initial_products: products,
    ...(options.username ? { options: { override_username: options.username } } : {}),
  });
  const { data: item } = await plaid.itemPublicTokenExchange({ public_token: created.public_token });
  const { data: accounts } = await plaid.accountsGet({ access_token: item.access_token });
  const checking = accounts.accounts.find((a) => String(a.subtype) === 'checking') ?? accounts.accounts[0];
  const { data } = await plaid.processorTokenCreate({
    access_token: item.access_token,
    account_id: checking?.account_id ?? '',
    processor: (options.processor ?? 'atomicfi') as never,
  });
  return {
    token: data.processor_token,
    accessToken: item.access_token,
    accountId: checking?.account_id ?? '',
  };
}

/** Every transaction of the account as the sandbox holds it (its own sync, from the start). */
async function historyOf(plaid: PlaidApi, token: string): Promise<Map<string, number>> {
  const amounts = new Map<string, number>();
  let cursor: string | undefined;
  for (;;) {
    const { data } = await plaid.processorTransactionsSync({
      processor_token: token,
      count: 500,
      ...(cursor ? { cursor } : {}),
    });
    for (const t of data.added) amounts.set(t.transaction_id, t.amount);
    cursor = data.next_cursor;
    if (!data.has_more) return amounts;
  }
}

describe.each(testDatabases)('transaction insights through processor links on %s', (database) => {
  let env: SandboxedServer;
  let receiver: Receiver;
  let secret: string;
  let apiKey: Record<string, string>;
  let headers: Record<string, string>;

  beforeAll(async () => {
    env = await startWithSandbox(database);
    receiver = await startWebhookReceiver();
    const brand = await env.server.createBrand('Insights Brand');
    headers = brand.headers;
    apiKey = {
      'x-api-key': brand.headers.identity ?? '',
      'x-api-secret': brand.headers.authorization ?? '',
      'content-type': 'application/json',
    };
    const endpoint = await env.send('POST', '/api/v0.1/webhook_endpoints', headers, { url: receiver.url });
    secret = String(endpoint.body.secret);
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await env?.close();
  });

  /** Plaid's webhooks reach Linkport, then the worker runs every job due, then webhooks go out. */
  async function settle(): Promise<void> {
    await deliverDueWebhooks(env.sandbox.state);
    const { store, catalog, clock, logger } = env.server.container;
    const worker = createWorker({ store, catalog, clock, logger, random: () => 0.5 });
    while (await worker.runOnce());
    await env.server.container.webhooks.dispatcher().drain();
  }

  const received = (linkId: string) =>
    receiver.received
      .map((r) => verifyWebhook(secret, r) as { type: string; data: Json })
      .filter((event) => event.data.processor_link_id === linkId);

  it('pulls the transactions, runs both jobs, sends verified webhooks and serves both results', async () => {
    const { token } = await processorToken(env.sandbox.plaid, [Products.Transactions]);
    const created = await env.send('POST', '/plaid/processor-link', apiKey, {
      processor_token: token,
      jobs: BOTH,
    });
    expect(created.status).toBe(202);
    const id = String(created.body.id);
    expect(created.body.jobs).toEqual(
      BOTH.map((job): unknown => expect.objectContaining({ job, status: 'pending' })),
    );
    expect(JSON.stringify(created.body)).not.toContain(token);

    await settle();
    const link = await env.send('GET', `/plaid/processor-link/${id}`, apiKey);
    expect(link.body.jobs).toEqual(
      BOTH.map((job): unknown => expect.objectContaining({ job, status: 'completed', result_version: 1 })),
    );
    const history = await historyOf(env.sandbox.plaid, token);
    expect((link.body.progress as Json).transactions_fetched).toBe(history.size);
    expect(
      received(id)
        .map((e) => e.type)
        .sort(),
    ).toEqual(['employer-classification-completed', 'recurring-transaction-detection-completed']);

    const recurring = await env.send('GET', `/plaid/processor-link/${id}/recurring-transactions`, apiKey);
    expect(recurring.body).toMatchObject({ status: 'completed', result_version: 1 });
    const streams = [
      ...(recurring.body.inflow_streams as Json[]),
      ...(recurring.body.outflow_streams as Json[]),
    ];
    expect(streams.length).toBeGreaterThan(0);
    for (const stream of recurring.body.outflow_streams as Json[])
      for (const txId of stream.transaction_ids as string[]) expect(history.get(txId)).toBeGreaterThan(0);

    const employer = await env.send('GET', `/plaid/processor-link/${id}/employer-matches`, apiKey);
    expect(employer.body).toMatchObject({ status: 'completed', result_version: 1 });
    for (const match of employer.body.employer_matches as Json[])
      for (const txId of match.transaction_ids as string[]) expect(history.get(txId)).toBeLessThan(0);
  }, 120_000);

  it('replays a registration sent again with its Idempotency-Key, and keeps a result nothing new changes', async () => {
    const { token } = await processorToken(env.sandbox.plaid, [Products.Transactions]);
    const register = (extra: Record<string, string>) =>
      env.send(
        'POST',
        '/plaid/processor-link',
        { ...headers, ...extra },
        {
          processor_token: token,
          job: 'recurrence-detection',
        },
      );
    const first = await register({ 'idempotency-key': 'insights-once' });
    expect(first.status).toBe(202);
    const id = String(first.body.id);
    await settle();
    // The stored answer (jobs still pending), not a second registration.
    const replay = await register({ 'idempotency-key': 'insights-once' });
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual(first.body);
    const completions = () =>
      received(id).filter((e) => e.type === 'recurring-transaction-detection-completed');
    expect(completions().map((e) => e.data.result_version)).toEqual([1]);

    // Registered again without a key: the pull finds nothing new, so no new version and no webhook.
    const again = await register({});
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(id);
    await settle();
    const link = await env.send('GET', `/plaid/processor-link/${id}`, headers);
    expect(link.body.jobs).toEqual([
      expect.objectContaining({ status: 'completed', result_version: 1 }) as unknown,
    ]);
    expect(completions()).toHaveLength(1);
  }, 120_000);

  it('refuses an Item linked without transactions, saying so', async () => {
    const { token } = await processorToken(env.sandbox.plaid, [Products.Auth]);
    const refused = await env.send('POST', '/plaid/processor-link', apiKey, {
      processor_token: token,
      job: 'employer-classification',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.Message).toMatch(/transactions product/);
    const bad = await env.send('POST', '/plaid/processor-link', apiKey, { processor_token: token });
    expect(bad.status).toBe(400);
    expect(bad.body.Message).toContain('job');
  });

  it('retries while Plaid is down, saying so in the status, and completes once it is back', async () => {
    const { token } = await processorToken(env.sandbox.plaid, [Products.Transactions]);
    const created = await env.send('POST', '/plaid/processor-link', headers, {
      processor_token: token,
      job: 'employer-classification',
    });
    const id = String(created.body.id);
    const { store, catalog, clock, logger } = env.server.container;
    const worker = createWorker({ store, catalog, clock, logger, backoff: { baseMs: 0, maxMs: 0 } });
    env.plaid.down = true;
    try {
      expect(await worker.runOnce()).toBe(true);
    } finally {
      env.plaid.down = false;
    }
    const waiting = await env.send('GET', `/plaid/processor-link/${id}`, headers);
    expect(waiting.body.jobs).toEqual([
      expect.objectContaining({
        status: 'fetching',
        reason: 'Plaid could not be reached; retrying.',
      }) as unknown,
    ]);
    await settle();
    const done = await env.send('GET', `/plaid/processor-link/${id}`, headers);
    expect(done.body.jobs).toEqual([
      expect.objectContaining({ status: 'completed', reason: null }) as unknown,
    ]);
  }, 120_000);

  it('runs again on new transactions, and stops once deleted', async () => {
    const { token, accessToken } = await processorToken(env.sandbox.plaid, [Products.Transactions], {
      username: 'user_transactions_dynamic',
      processor: 'linkport',
    });
    const created = await env.send('POST', '/plaid/processor-link', headers, {
      processor_token: token,
      job: 'recurrence-detection',
    });
    const id = String(created.body.id);
    await settle();
    const today = new Date().toISOString().slice(0, 10);
    const addTransaction = () =>
      env.sandbox.plaid.sandboxTransactionsCreate({
        access_token: accessToken,
        transactions: [
          { date_transacted: today, date_posted: today, amount: 12.5, description: 'CORNER CAFE 123' },
        ],
      });
    await addTransaction();
    await settle();
    const after = await env.send('GET', `/plaid/processor-link/${id}/recurring-transactions`, headers);
    expect(after.body).toMatchObject({ status: 'completed', result_version: 2 });
    expect(received(id).filter((e) => e.type === 'recurring-transaction-detection-completed')).toHaveLength(
      2,
    );

    const removed = await env.send('DELETE', '/plaid/processor-link', headers, { processor_token: token });
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ status: 'deleted' });
    expect((await env.send('DELETE', `/plaid/processor-link/${id}`, headers)).body).toEqual(removed.body);
    await addTransaction();
    await settle();
    const kept = await env.send('GET', `/plaid/processor-link/${id}/recurring-transactions`, headers);
    expect(kept.body).toMatchObject({ result_version: 2 });
    const other = await env.server.createBrand('Other Brand');
    expect((await env.send('GET', `/plaid/processor-link/${id}`, other.headers)).status).toBe(404);
  }, 120_000);
});
