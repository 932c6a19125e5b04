import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { buildContainer, type Container } from '../src/container.js';
import { emit } from '../src/domain/events/emit.js';
import { createLogger } from '../src/lib/logger.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { transact } from '../src/store/tx.js';
import { TEST_ADMIN_TOKEN, TEST_MASTER_KEY } from './support/app.js';
import { sharedDatabases } from './support/shared-db.js';
import { startWebhookReceiver } from './support/webhook-receiver.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function spawnDispatcher(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/webhook-dispatcher-process.ts'], {
    env: { ...process.env, ...env, MASTER_KEY: TEST_MASTER_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`dispatcher exited with ${code}`)));
  });
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(sharedDatabases)('webhook delivery across a crash on $name', { timeout: 180_000 }, (kind) => {
  it('delivers every event of a burst of 1,000 at least once when the dispatcher is killed mid-burst', async () => {
    const shared = await kind.open();
    const receiver = await startWebhookReceiver();
    let container: Container | undefined;
    try {
      await migrateToLatest(shared.store);
      container = await buildContainer(
        loadConfig({
          DATABASE_URL: 'sqlite::memory:',
          LINKPORT_MASTER_KEY: TEST_MASTER_KEY,
          LINKPORT_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        }),
        { store: shared.store, logger: createLogger('silent') },
      );
      const tenant = { brandId: (await container.brands.create({ name: 'Acme' })).brand.id };
      await container.webhooks.endpoints.create(tenant, { url: receiver.url });
      const ids: string[] = [];
      for (let batch = 0; batch < 10; batch++)
        await transact(shared.store.db, async (tx) => {
          for (let n = 0; n < 100; n++)
            ids.push(
              await emit(
                tx,
                tenant.brandId,
                {
                  type: 'item.linked',
                  subjectId: `i${batch}-${n}`,
                  data: { plaid_item_id: `i${batch}-${n}`, owner_id: 'o' },
                },
                new Date().toISOString(),
              ),
            );
        });
      const env = { ...shared.env, LEASE_MS: '2000' };
      const first = await spawnDispatcher(env);
      await until(() => receiver.received.length >= 250, 60_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const killedAt = receiver.received.length;
      expect(killedAt).toBeLessThan(1000);
      // The second takes over the first's deliveries once their leases (2 s here) run out.
      await spawnDispatcher(env);
      const distinct = () => new Set(receiver.received.map((r) => String(r.headers['webhook-id']))).size;
      await until(() => distinct() === 1000, 90_000);
      const received = new Set(receiver.received.map((r) => String(r.headers['webhook-id'])));
      expect([...received].sort()).toEqual([...ids].sort());
      // Duplicates (sent again after the kill) carry the same webhook-id and the same body.
      const bodies = new Map<string, string>();
      for (const r of receiver.received) {
        const id = String(r.headers['webhook-id']);
        expect(bodies.get(id) ?? r.body).toBe(r.body);
        bodies.set(id, r.body);
      }
      const states = () =>
        shared.store.db
          .selectFrom('webhook_deliveries')
          .select(({ fn }) => ['state', fn.countAll<number>().as('n')])
          .groupBy('state')
          .execute()
          .then((rows) => rows.map((r) => [r.state, Number(r.n)]));
      for (let tries = 0; tries < 100 && JSON.stringify(await states()) !== '[["succeeded",1000]]'; tries++)
        await new Promise((r) => setTimeout(r, 100));
      expect(await states()).toEqual([['succeeded', 1000]]);
    } finally {
      await receiver.close();
      await shared.store.close();
      await shared.cleanup();
    }
  });
});
