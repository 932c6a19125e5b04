/**
 * Outbound webhooks under load: deliveries per second to a loopback receiver (in a process of its
 * own) next to a bare loop of the same HTTP client posting the same bodies with the same
 * concurrency, and the time from an event's commit to its arrival at a steady 200 events/s.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { buildContainer, type Container } from '../src/container.js';
import { emit } from '../src/domain/events/emit.js';
import { createLogger } from '../src/lib/logger.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { transact } from '../src/store/tx.js';
import { createSender } from '../src/webhooks/send.js';
import { freePort } from '../test/support/net.js';

const BURST = Number(process.env.BENCH_WEBHOOK_BURST ?? 5000);
const STEADY_PER_SEC = 200;
const STEADY_SEC = Number(process.env.BENCH_WEBHOOK_STEADY_SEC ?? 10);
const CONCURRENCY = 128;

async function startReceiver(): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/webhook-receiver.ts', String(port)], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${url}/stats`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the bench receiver did not start');
}

/** The receiver's control calls: a fresh connection each (no keep-alive race with its idle timeout). */
const control = async <T>(url: string): Promise<T> =>
  (await (await fetch(url, { headers: { connection: 'close' } })).json()) as T;
const stats = (url: string) => control<{ count: number; arrivals: Record<string, number> }>(`${url}/stats`);
const counts = (url: string) => control<{ count: number; unique: number }>(`${url}/count`);

const event = (n: number) => ({
  type: 'item.linked' as const,
  subjectId: `item-${n}`,
  data: { plaid_item_id: `item-${n}`, owner_id: 'owner-1' },
});

async function until(done: () => Promise<boolean>): Promise<void> {
  while (!(await done())) await new Promise((r) => setTimeout(r, 20));
}

/** The bare loop: the dispatcher's HTTP client, the same concurrency, no database. */
async function bareLoop(url: string, body: string): Promise<number> {
  const sender = createSender();
  const target = { address: '127.0.0.1', family: 4 as const };
  const endpoint = new URL(`${url}/hook`);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < BURST) {
        const n = next++;
        await sender.post(endpoint, target, { 'webhook-id': `bare-${n}` }, body);
      }
    }),
  );
  const perSec = BURST / ((performance.now() - started) / 1000);
  sender.close();
  return Math.round(perSec);
}

async function burst(container: Container, brandId: string, url: string): Promise<number> {
  for (let start = 0; start < BURST; start += 200)
    await transact(container.store.db, async (tx) => {
      for (let n = start; n < Math.min(BURST, start + 200); n++)
        await emit(tx, brandId, event(n), new Date().toISOString());
    });
  const dispatcher = container.webhooks.dispatcher({
    pollMs: 5,
    concurrency: CONCURRENCY,
    perEndpoint: CONCURRENCY,
  });
  const started = performance.now();
  dispatcher.start();
  await until(async () => (await counts(url)).count >= BURST);
  const perSec = BURST / ((performance.now() - started) / 1000);
  await dispatcher.stop();
  return Math.round(perSec);
}

async function steady(container: Container, brandId: string, url: string) {
  const dispatcher = container.webhooks.dispatcher({
    pollMs: 20,
    concurrency: CONCURRENCY,
    perEndpoint: CONCURRENCY,
  });
  dispatcher.start();
  const committed = new Map<string, number>();
  const total = STEADY_PER_SEC * STEADY_SEC;
  const started = performance.now();
  for (let n = 0; n < total; n++) {
    const due = started + (n * 1000) / STEADY_PER_SEC;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const id = await transact(container.store.db, (tx) =>
      emit(tx, brandId, event(BURST + n), new Date().toISOString()),
    );
    committed.set(id, Date.now());
  }
  await until(async () => (await counts(url)).unique >= total);
  await dispatcher.stop();
  const { arrivals } = await stats(url);
  const latencies = [...committed].map(([id, at]) => (arrivals[id] ?? Infinity) - at).sort((a, b) => a - b);
  const pick = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { events: total, perSec: STEADY_PER_SEC, p50Ms: pick(0.5), p99Ms: pick(0.99), maxMs: pick(1) };
}

export async function benchWebhooks() {
  const dir = mkdtempSync(path.join(tmpdir(), 'linkport-bench-webhooks-'));
  const receiver = await startReceiver();
  const config = loadConfig({
    DATABASE_URL: `sqlite:${path.join(dir, 'linkport.db')}`,
    LINKPORT_DATA_DIR: dir,
    LOG_LEVEL: 'warn',
  });
  const container = await buildContainer(config, { logger: createLogger('warn') });
  try {
    await migrateToLatest(container.store);
    const brandId = (await container.brands.create({ name: 'Bench' })).brand.id;
    await container.webhooks.endpoints.create({ brandId }, { url: `${receiver.url}/hook` });
    const body = JSON.stringify({
      type: 'item.linked',
      timestamp: new Date().toISOString(),
      data: event(0).data,
    });
    const bare = await bareLoop(receiver.url, body);
    await fetch(`${receiver.url}/reset`, { method: 'POST' });
    const delivered = await burst(container, brandId, receiver.url);
    await fetch(`${receiver.url}/reset`, { method: 'POST' });
    return {
      name: 'webhook deliveries to a loopback receiver (SQLite)',
      deliveriesPerSec: delivered,
      bareLoopPostsPerSec: bare,
      ratio: Number((delivered / bare).toFixed(3)),
      burst: BURST,
      steady: await steady(container, brandId, receiver.url),
    };
  } finally {
    receiver.child.kill();
    await container.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
