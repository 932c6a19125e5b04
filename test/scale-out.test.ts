import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, linkportSync } from './support/cli.js';
import { freePort } from './support/net.js';
import { cleanEnv, exitCode } from './support/processes.js';
import { mintProcessorToken } from './support/processor-token.js';
import {
  brandClient,
  listAll,
  type ProcessDatabase,
  sandboxPlaid,
  scratchPostgres,
} from './support/running.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

type Json = Record<string, unknown>;
const pgUrl = process.env.TEST_DATABASE_URL;

/** A Linkport process (`api`, `worker` or `sandbox`) with the shared environment. */
function spawnProcess(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [...CLI, ...args], { env: { ...cleanEnv, ...env }, stdio: 'ignore' });
}

async function untilUp(url: string, child: ChildProcess): Promise<void> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    if (
      await fetch(url, { method: 'POST' }).then(
        () => true,
        () => false,
      )
    )
      return;
    await delay(100);
  }
  throw new Error(`${url} did not come up`);
}

/**
 * Production's layout on one PostgreSQL database: `linkport migrate` as the release step, two `api`
 * and two `worker` processes, and the Plaid sandbox as its own process. Links, transfers, insight
 * jobs and webhook deliveries go through both APIs at once, each twice with the same
 * Idempotency-Key; every effect happens once. Then a rolling restart (an API, then each worker)
 * under load loses no acknowledged request and no job.
 */
describe.skipIf(!pgUrl)('two APIs and two workers on one PostgreSQL', { timeout: 300_000 }, () => {
  const children = new Set<ChildProcess>();
  let dataDir: string;
  let database: ProcessDatabase;
  let env: Record<string, string>;
  const apis: Array<{ url: string; child: ChildProcess; port: number }> = [];
  const workers: ChildProcess[] = [];
  let headers: Record<string, string>;
  let sandboxUrl: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  const start = (args: string[], extra: Record<string, string> = {}) => {
    const child = spawnProcess(args, { ...env, ...extra });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };
  const startApi = async (port: number) => {
    const child = start(['api'], { PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    await untilUp(`${url}/healthz`, child);
    return { url, child, port };
  };
  let send: ReturnType<typeof brandClient>;
  /** A customer of the brand with a card account funded with `amount` cents. */
  const fundedCard = async (api: string, person: Json, amount: number) => {
    const customer = String((await send(api, 'POST', '/api/v0.1/customers', person)).body.customer_id);
    const card = String(
      (await send(api, 'POST', '/api/v0.1/accounts', { customer_id: customer })).body.account_id,
    );
    await send(api, 'POST', `/api/v0.1/sandbox/accounts/${card}/fund`, { amount });
    return { customer, card };
  };
  /**
   * The brand's events once the webhook endpoint has received each of them (waiting at most
   * `ms`). The list is read again on each try: the workers may still be emitting (a re-run of an
   * insight job after Plaid's sync webhook, a transfer moving on), and a delivery of an event
   * emitted after a single read would look like a stray.
   */
  const untilDelivered = async (api: string, ms: number) => {
    let events: Json[] = [];
    for (let waited = 0; waited < ms; waited += 250) {
      events = await listAll(send, api, '/api/v0.1/events', 'event_id');
      const delivered = new Set(receiver.received.map((r) => String(r.headers['webhook-id'])));
      if (delivered.size === events.length && events.every((e) => delivered.has(String(e.event_id)))) break;
      await delay(250);
    }
    return events;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'linkport-scale-'));
    database = await scratchPostgres(pgUrl ?? '');
    const sandboxPort = await freePort();
    sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    env = {
      DATABASE_URL: database.url ?? '',
      LINKPORT_DATA_DIR: dataDir,
      LINKPORT_MASTER_KEY: randomBytes(32).toString('base64'),
      LINKPORT_ADMIN_TOKEN: `lpadmin_${randomBytes(16).toString('hex')}`,
      PLAID_BASE_URL: sandboxUrl,
      LOG_LEVEL: 'warn',
    };
    expect(linkportSync(['migrate'], env).status).toBe(0);
    const created = linkportSync(['brands', 'create', '--name', 'Scale', '--json'], env);
    const brand = JSON.parse(created.stdout) as Json;
    expect(
      linkportSync(['brands', 'enable-integration', 'plaid', '--brand', String(brand.brand_id)], env).status,
    ).toBe(0);
    headers = {
      identity: String(brand.identity),
      authorization: String(brand.secret),
      'content-type': 'application/json',
    };
    send = brandClient(headers);
    const sandbox = start(['sandbox', '--port', String(sandboxPort)]);
    await untilUp(`${sandboxUrl}/institutions/get_by_id`, sandbox);
    apis.push(await startApi(await freePort()), await startApi(await freePort()));
    workers.push(start(['worker']), start(['worker']));
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await receiver.close();
    for (const child of children) child.kill('SIGKILL');
    await Promise.all([...children].map((child) => exitCode(child)));
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  });

  it('does each link, transfer, insight job and webhook delivery once', async () => {
    const [a, b] = [apis[0]?.url ?? '', apis[1]?.url ?? ''];
    const endpoint = await send(a, 'POST', '/api/v0.1/webhook_endpoints', { url: receiver.url });
    expect(endpoint.status).toBe(201);
    const plaid = sandboxPlaid(dataDir, sandboxUrl);
    const person = { first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1985-12-10' };
    const owners = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const api = i % 2 === 0 ? a : b;
        const { customer, card } = await fundedCard(api, person, 100_000);
        return { customer, card, token: (await mintProcessorToken(plaid)).processorToken };
      }),
    );
    // Each link and each transfer sent to both APIs at the same moment, with one Idempotency-Key.
    const twice = (route: string, body: Json, key: string) =>
      Promise.all([a, b].map((api) => send(api, 'POST', route, body, { 'idempotency-key': key })));
    const links = await Promise.all(
      owners.map((o, i) =>
        twice(
          '/api/v0.1/accounts/processor_tokens',
          { processor_token: o.token, customer_id: o.customer },
          `link-${i}`,
        ),
      ),
    );
    for (const [first, second] of links) {
      expect(first?.status).toBe(201);
      expect(second?.body).toEqual(first?.body);
    }
    const transfers = await Promise.all(
      owners.map((o, i) => {
        const push = {
          from: o.card,
          to: links[i]?.[0]?.body.linked_account_id,
          amount: 1000 + i,
          currency: 'USD',
          description: 'Scale',
        };
        return twice('/api/v0.1/transfers', push, `push-${i}`);
      }),
    );
    for (const [first, second] of transfers) {
      expect(first?.status).toBe(201);
      expect(second?.body.transfer_id).toBe(first?.body.transfer_id);
    }
    for (const o of owners) {
      const linked = await send(b, 'GET', `/api/v0.1/accounts/${o.card}/external_accounts`);
      expect(linked.body).toHaveLength(1);
    }
    const listed = await send(a, 'GET', '/api/v0.1/transfers?limit=100');
    expect((listed.body.data as Json[]).length).toBe(owners.length);

    // An insight job registered through both APIs at once runs once.
    const { data: pt } = await plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Transactions],
    });
    const { data: item } = await plaid.itemPublicTokenExchange({ public_token: pt.public_token });
    const { data: accounts } = await plaid.accountsGet({ access_token: item.access_token });
    const { data: insightToken } = await plaid.processorTokenCreate({
      access_token: item.access_token,
      account_id: accounts.accounts[0]?.account_id ?? '',
      processor: 'atomicfi' as never,
    });
    const registered = await twice(
      '/plaid/processor-link',
      { processor_token: insightToken.processor_token, job: 'recurrence-detection' },
      'insights-1',
    );
    expect(registered[0]?.status).toBe(202);
    expect(registered[1]?.body).toEqual(registered[0]?.body);
    const linkId = String(registered[0]?.body.processor_link_id ?? registered[0]?.body.id);
    let jobs: Json[] = [];
    for (let waited = 0; waited < 60_000; waited += 250) {
      jobs = (await send(b, 'GET', `/plaid/processor-link/${linkId}`)).body.jobs as Json[];
      if (jobs.every((j) => j.status === 'completed' || j.status === 'failed')) break;
      await delay(250);
    }
    expect(jobs.map((j) => j.status)).toEqual(['completed']);

    // Every event reaches the endpoint, each once; the job completed once.
    const listedEvents = await untilDelivered(a, 60_000);
    expect(listedEvents.filter((e) => e.type === 'recurring-transaction-detection-completed')).toHaveLength(
      1,
    );
    const events = listedEvents.map((e) => String(e.event_id));
    expect(events.length).toBeGreaterThanOrEqual(owners.length * 2 + 1);
    const deliveries = receiver.received.map((r) => String(r.headers['webhook-id']));
    expect([...new Set(deliveries)].sort()).toEqual([...events].sort());
    expect(deliveries.length).toBe(events.length);
  });

  it('loses no acknowledged transfer and no delivery across a rolling restart', async () => {
    const owner = await (async () => {
      const api = apis[0]?.url ?? '';
      const person = { first_name: 'Grace', last_name: 'Hopper', date_of_birth: '1986-12-09' };
      const { customer, card } = await fundedCard(api, person, 10_000_000);
      const { processorToken } = await mintProcessorToken(sandboxPlaid(dataDir, sandboxUrl));
      const linked = await send(api, 'POST', '/api/v0.1/accounts/processor_tokens', {
        processor_token: processorToken,
        customer_id: customer,
      });
      return { card, linked: String(linked.body.linked_account_id) };
    })();
    // Clients send each transfer to one API and, if it cannot be reached, to the other with the
    // same Idempotency-Key, as a load balancer retries.
    const acknowledged = new Map<string, string>();
    let stop = false;
    let sent = 0;
    const client = async (c: number) => {
      for (let n = 0; !stop; n++) {
        const key = `roll-${c}-${n}`;
        const body = { from: owner.card, to: owner.linked, amount: 100, currency: 'USD', description: key };
        for (let attempt = 0; attempt < 6; attempt++) {
          const api = apis[(c + n + attempt) % 2]?.url ?? '';
          const answer = await send(api, 'POST', '/api/v0.1/transfers', body, {
            'idempotency-key': key,
          }).catch(() => undefined);
          if (answer?.status === 201) {
            acknowledged.set(key, String(answer.body.transfer_id));
            break;
          }
          await delay(50);
        }
        sent++;
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, c) => client(c)));
    const restart = async (child: ChildProcess) => {
      child.kill('SIGTERM');
      expect(await exitCode(child)).toBe(0);
    };
    await delay(1000);
    const first = apis[0];
    if (!first) throw new Error('no api');
    await restart(first.child);
    apis[0] = await startApi(first.port);
    for (const [i, worker] of workers.entries()) {
      await delay(500);
      await restart(worker);
      workers[i] = start(['worker']);
    }
    await delay(1000);
    stop = true;
    await load;
    expect(sent).toBeGreaterThan(20);
    expect(acknowledged.size).toBe(sent);
    const listed = await listAll(send, apis[1]?.url ?? '', '/api/v0.1/transfers', 'transfer_id');
    const rolled = listed.filter((t) => String(t.description).startsWith('roll-'));
    expect(rolled.map((t) => t.transfer_id).sort()).toEqual([...acknowledged.values()].sort());

    // Every event, before and across the restarts, reaches the endpoint.
    const events = (await untilDelivered(apis[0]?.url ?? '', 90_000)).map((e) => String(e.event_id));
    const delivered = new Set(receiver.received.map((r) => String(r.headers['webhook-id'])));
    expect(events.filter((id) => !delivered.has(id))).toEqual([]);
  });
});
