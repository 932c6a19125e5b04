import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type TestStore, testDatabases } from '../../test/support/databases.js';
import { createManualClock, type ManualClock } from '../lib/clock.js';
import { createLogger } from '../lib/logger.js';
import { createCatalog, defineJob, handleJob } from './catalog.js';
import { createQueue } from './queue.js';
import { findJob, listJobs, requeueDeadJob } from '../store/jobs.store.js';
import { computeBackoffMs, createWorker } from './worker.js';

const logger = createLogger('silent');

describe('computeBackoffMs', () => {
  it('doubles per attempt, keeps half fixed and half jittered, and stops at the cap', () => {
    expect(computeBackoffMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(computeBackoffMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(computeBackoffMs(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(computeBackoffMs(3, 1000, 60_000, () => 0.5)).toBe(3000);
    expect(computeBackoffMs(30, 1000, 60_000, () => 1)).toBe(60_000);
  });
});

describe.each(testDatabases)('job queue on $name', (database) => {
  let store: TestStore;
  let clock: ManualClock;
  const runs: Array<{ id: string; attempt: number }> = [];
  let failuresLeft = 0;

  const FLAKY = defineJob('test.flaky', z.object({ id: z.string() }), { maxAttempts: 3 });
  const handlers = [
    handleJob(FLAKY, async (payload, ctx) => {
      runs.push({ id: payload.id, attempt: ctx.attempt });
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('downstream said no');
      }
    }),
  ];

  const setup = () => {
    const catalog = createCatalog(handlers);
    const queue = createQueue(clock);
    const worker = createWorker({
      store,
      catalog,
      clock,
      logger,
      leaseMs: 30_000,
      random: () => 1,
      backoff: { baseMs: 1000, maxMs: 60_000 },
    });
    return { queue, worker };
  };
  const jobRow = (id: string) =>
    store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeEach(async () => {
    store = await database.open();
    clock = createManualClock();
    runs.length = 0;
    failuresLeft = 0;
  });
  afterEach(() => store.close());

  it('enqueues inside the caller transaction: a rollback leaves no job', async () => {
    const { queue, worker } = setup();
    await expect(
      store.db.transaction().execute(async (tx) => {
        await queue.enqueue(tx, FLAKY, { id: 'a' });
        throw new Error('caller aborted');
      }),
    ).rejects.toThrow('caller aborted');
    expect(await worker.runOnce()).toBe(false);

    const id = await store.db.transaction().execute((tx) => queue.enqueue(tx, FLAKY, { id: 'b' }));
    expect(await worker.runOnce()).toBe(true);
    expect(runs).toEqual([{ id: 'b', attempt: 1 }]);
    expect(await jobRow(id)).toMatchObject({ state: 'done', attempts: 1, lease_until: null });
  });

  it('rejects a payload that does not match the job schema at enqueue time', async () => {
    const { queue } = setup();
    // @ts-expect-error -- the payload's type is checked where the job is queued, and again at run time
    await expect(queue.enqueue(store.db, FLAKY, { id: 7 })).rejects.toThrow();
  });

  it('retries with exponential backoff, then succeeds', async () => {
    const { queue, worker } = setup();
    failuresLeft = 2;
    const id = await queue.enqueue(store.db, FLAKY, { id: 'x' });

    expect(await worker.runOnce()).toBe(true);
    let row = await jobRow(id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1, last_error: 'downstream said no' });
    expect(new Date(row.run_at).getTime() - clock.now().getTime()).toBe(1000);

    expect(await worker.runOnce()).toBe(false); // not due yet: nothing sleeps, time is moved instead
    clock.advance(1000);
    expect(await worker.runOnce()).toBe(true);
    row = await jobRow(id);
    expect(new Date(row.run_at).getTime() - clock.now().getTime()).toBe(2000);

    clock.advance(2000);
    expect(await worker.runOnce()).toBe(true);
    expect(await jobRow(id)).toMatchObject({ state: 'done', attempts: 3, last_error: null });
    expect(runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
  });

  it('moves a job that exhausts its attempts to dead', async () => {
    const { queue, worker } = setup();
    failuresLeft = 10;
    const id = await queue.enqueue(store.db, FLAKY, { id: 'x' });
    for (let i = 0; i < 3; i++) {
      expect(await worker.runOnce()).toBe(true);
      clock.advance(60_000);
    }
    expect(await jobRow(id)).toMatchObject({ state: 'dead', attempts: 3, last_error: 'downstream said no' });
    expect(await worker.runOnce()).toBe(false);
  });

  it('reclaims a job whose lease expired, and a stale worker cannot settle it', async () => {
    const { queue, worker } = setup();
    const id = await queue.enqueue(store.db, FLAKY, { id: 'x' });
    // Simulate a worker that claimed the job and died: running, lease owned by someone else.
    await store.db
      .updateTable('jobs')
      .set({
        state: 'running',
        attempts: 1,
        lease_owner: 'dead-worker',
        lease_until: new Date(clock.now().getTime() + 30_000).toISOString(),
      })
      .where('id', '=', id)
      .execute();
    expect(await worker.runOnce()).toBe(false); // lease still valid
    clock.advance(30_001);
    expect(await worker.runOnce()).toBe(true);
    expect(await jobRow(id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(runs).toEqual([{ id: 'x', attempt: 2 }]);
  });

  it('marks a job dead when it has no handler', async () => {
    const { worker } = setup();
    // Enqueued by a release that still knew the job; this worker's catalog no longer has it.
    const retired = defineJob('test.retired', z.object({}));
    const id = await createQueue(clock).enqueue(store.db, retired, {});
    expect(await worker.runOnce()).toBe(true);
    expect(await jobRow(id)).toMatchObject({
      state: 'dead',
      last_error: 'no handler is registered for job test.retired',
    });
  });

  it('stop() waits for the running job to finish', async () => {
    let release: () => void = () => {};
    let started: () => void = () => {};
    const startedP = new Promise<void>((r) => {
      started = r;
    });
    const SLOW = defineJob('test.slow', z.object({}));
    const catalog = createCatalog([
      handleJob(SLOW, () => {
        started();
        return new Promise<void>((r) => {
          release = r;
        });
      }),
    ]);
    const worker = createWorker({ store, catalog, clock, logger, pollMs: 5 });
    const id = await createQueue(clock).enqueue(store.db, SLOW, {});
    worker.start();
    await startedP;
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await jobRow(id)).toMatchObject({ state: 'done' });
  });

  it('fails an attempt that outlives its timeout, aborts it, and retries it with backoff', async () => {
    const HUNG = defineJob('test.hung', z.object({}), { timeoutMs: 50, maxAttempts: 2 });
    const signals: AbortSignal[] = [];
    const catalog = createCatalog([
      handleJob(HUNG, (_payload, ctx) => {
        signals.push(ctx.signal);
        return new Promise<void>(() => {}); // never settles, as a handler stuck on a dead socket
      }),
    ]);
    const worker = createWorker({ store, catalog, clock, logger, random: () => 1 });
    const id = await createQueue(clock).enqueue(store.db, HUNG, {});
    expect(await worker.runOnce()).toBe(true);
    expect(signals[0]?.aborted).toBe(true);
    let row = await jobRow(id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1, lease_owner: null });
    expect(row.last_error).toBe('timed out after 50 ms');
    expect(new Date(row.run_at).getTime()).toBeGreaterThan(clock.now().getTime());
    clock.advance(60_000);
    expect(await worker.runOnce()).toBe(true);
    row = await jobRow(id);
    expect(row).toMatchObject({ state: 'dead', attempts: 2, last_error: 'timed out after 50 ms' });
  });

  it('prunes finished jobs after the retention and keeps dead ones', async () => {
    const { queue } = setup();
    const worker = createWorker({
      store,
      catalog: createCatalog(handlers),
      clock,
      logger,
      retentionMs: 1000,
    });
    failuresLeft = 0;
    const done = await queue.enqueue(store.db, FLAKY, { id: 'done' });
    expect(await worker.runOnce()).toBe(true);
    failuresLeft = 10;
    const dead = await queue.enqueue(store.db, FLAKY, { id: 'dead' }, { maxAttempts: 1 });
    expect(await worker.runOnce()).toBe(true);
    expect(await worker.prune()).toBe(0);
    clock.advance(1001);
    expect(await worker.prune()).toBe(1);
    expect(await findJob(store.db, done)).toBeUndefined();
    expect(await jobRow(dead)).toMatchObject({ state: 'dead' });
  });

  it('lists dead jobs and queues one again with fresh attempts', async () => {
    const { queue, worker } = setup();
    failuresLeft = 1;
    const id = await queue.enqueue(store.db, FLAKY, { id: 'x' }, { maxAttempts: 1 });
    expect(await worker.runOnce()).toBe(true);
    expect((await listJobs(store.db, { state: 'dead', limit: 10 })).map((j) => j.id)).toEqual([id]);
    expect(await requeueDeadJob(store.db, id, clock.now().toISOString())).toBe(true);
    expect(await requeueDeadJob(store.db, id, clock.now().toISOString())).toBe(false); // queued, not dead
    expect(await worker.runOnce()).toBe(true);
    expect(await jobRow(id)).toMatchObject({ state: 'done', attempts: 1 });
  });
});
