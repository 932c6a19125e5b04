import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createCatalog } from '../src/jobs/catalog.js';
import { createQueue } from '../src/jobs/queue.js';
import { createWorker } from '../src/jobs/worker.js';
import { createManualClock, systemClock } from '../src/lib/clock.js';
import { createLogger } from '../src/lib/logger.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { postgresDatabase } from './support/databases.js';
import { sharedDatabases, sharedPostgres } from './support/shared-db.js';
import { countEffects, createEffectsTable, EFFECT_JOB, testJobs } from './support/test-jobs.js';

const children: ChildProcess[] = [];

function spawnWorker(env: Record<string, string>): {
  child: ChildProcess;
  lines: string[];
  waitFor(text: string): Promise<void>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/job-worker-process.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const w of waiters.filter((w) => line.startsWith(w.text))) w.resolve();
    }
  });
  return {
    child,
    lines,
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        if (lines.some((l) => l.startsWith(text))) return resolve();
        waiters.push({ text, resolve });
        child.once('exit', (code) => reject(new Error(`worker exited (${code}) before printing "${text}"`)));
      }),
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe.each(sharedDatabases)('job worker processes on $name', (kind) => {
  it('runs a job again after a worker is killed mid-job, and completes it once', async () => {
    const shared = await kind.open();
    try {
      await migrateToLatest(shared.store);
      await createEffectsTable(shared.store.db);
      const logger = createLogger('silent');
      const jobId = await createQueue(systemClock).enqueue(shared.store.db, EFFECT_JOB, { n: 1 });

      const doomed = spawnWorker({ ...shared.env, WORKER_NAME: 'doomed', LEASE_MS: '2000', BLOCK: '1' });
      await doomed.waitFor(`started ${jobId}`);
      doomed.child.kill('SIGKILL');
      await exited(doomed.child);

      const clock = createManualClock(new Date());
      const rescuer = createWorker({
        store: shared.store,
        catalog: createCatalog(testJobs(shared.store.db, 'rescuer')),
        clock,
        logger,
        leaseMs: 2000,
      });
      expect(await rescuer.runOnce()).toBe(false); // the dead worker's lease has not run out yet
      clock.advance(5_000);
      expect(await rescuer.runOnce()).toBe(true);
      expect(await rescuer.runOnce()).toBe(false);

      const row = await shared.store.db
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', jobId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ state: 'done', attempts: 2 });
      expect([...(await countEffects(shared.store.db)).entries()]).toEqual([[jobId, 1]]);
    } finally {
      await shared.store.close();
      await shared.cleanup();
    }
  });
});

describe.skipIf(!postgresDatabase)('two worker processes on PostgreSQL', () => {
  it('never run the same job twice or at the same time (FOR UPDATE SKIP LOCKED)', async () => {
    const shared = await sharedPostgres();
    try {
      await migrateToLatest(shared.store);
      await createEffectsTable(shared.store.db);
      const queue = createQueue(systemClock);
      const total = 300;
      await shared.store.db.transaction().execute(async (tx) => {
        for (let n = 0; n < total; n++) await queue.enqueue(tx, EFFECT_JOB, { n });
      });

      const workers = ['a', 'b'].map((name) =>
        spawnWorker({ ...shared.env, WORKER_NAME: name, CONCURRENCY: '4' }),
      );
      const deadline = Date.now() + 60_000;
      for (;;) {
        const left = await shared.store.db
          .selectFrom('jobs')
          .select('id')
          .where('state', '!=', 'done')
          .execute();
        if (left.length === 0 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      for (const w of workers) w.child.kill('SIGTERM');
      expect(await Promise.all(workers.map((w) => exited(w.child)))).toEqual([0, 0]);

      const jobs = await shared.store.db.selectFrom('jobs').select(['id', 'state', 'attempts']).execute();
      expect(jobs.filter((j) => j.state === 'done')).toHaveLength(total);
      expect(jobs.every((j) => j.attempts === 1)).toBe(true);
      const effects = await countEffects(shared.store.db);
      expect(effects.size).toBe(total);
      expect([...effects.values()].every((n) => n === 1)).toBe(true);
      const started = workers.map((w) => w.lines.filter((l) => l.startsWith('started')).length);
      expect(started[0]).toBeGreaterThan(0);
      expect(started[1]).toBeGreaterThan(0);
      expect((started[0] ?? 0) + (started[1] ?? 0)).toBe(total);
    } finally {
      await shared.store.close();
      await shared.cleanup();
    }
  });
});
