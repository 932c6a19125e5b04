import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { addMs } from '../lib/time.js';
import type { Store } from '../store/db.js';
import type { JobsTable } from '../store/schema.js';
import type { JobCatalog } from './catalog.js';

export interface WorkerOptions {
  store: Store;
  catalog: JobCatalog;
  clock: Clock;
  logger: Logger;
  /** How long a claimed job is ours before another worker may take it over. */
  leaseMs?: number;
  /** Idle wait between polls when no job is due. */
  pollMs?: number;
  /** Jobs run side by side in this process. */
  concurrency?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** Source of jitter, injectable for tests. */
  random?: () => number;
}

export interface Worker {
  /** Starts polling; returns at once. */
  start(): void;
  /** Stops claiming, waits for running jobs to finish. */
  stop(): Promise<void>;
  /** Claims and runs one due job; false when none was due. Tests drive the queue with this. */
  runOnce(): Promise<boolean>;
}

const MAX_ERROR_CHARS = 2000;

/** Exponential backoff with "equal jitter": half the delay is fixed, half random, capped at maxMs. */
export function computeBackoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function createWorker(options: WorkerOptions): Worker {
  const { store, catalog, clock, logger } = options;
  const { db, dialect } = store;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 500;
  const concurrency = options.concurrency ?? 1;
  const backoff = options.backoff ?? { baseMs: 1_000, maxMs: 60 * 60 * 1_000 };
  const random = options.random ?? Math.random;

  let stopping = false;
  let loops: Promise<void>[] = [];
  const sleepers = new Set<() => void>();

  async function claim(): Promise<JobsTable | undefined> {
    const now = clock.now();
    const nowIso = now.toISOString();
    const due = db
      .selectFrom('jobs')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', nowIso)]),
          // A running job whose lease ran out belongs to a worker that died: take it over.
          eb.and([eb('state', '=', 'running'), eb('lease_until', '<', nowIso)]),
        ]),
      )
      .orderBy('run_at')
      .limit(1)
      .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked());
    return db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'running',
        attempts: eb('attempts', '+', 1),
        lease_until: addMs(now, leaseMs).toISOString(),
        lease_owner: newId(),
        updated_at: nowIso,
      }))
      .where('id', '=', due)
      .returningAll()
      .executeTakeFirst();
  }

  /** Every write after the claim is conditional on still holding the lease. */
  async function settle(job: JobsTable, values: Partial<JobsTable>): Promise<boolean> {
    const result = await db
      .updateTable('jobs')
      .set({ ...values, updated_at: clock.now().toISOString() })
      .where('id', '=', job.id)
      .where('lease_owner', '=', job.lease_owner)
      .where('state', '=', 'running')
      .executeTakeFirst();
    const held = result.numUpdatedRows > 0n;
    if (!held)
      logger.warn({ jobId: job.id, job: job.name }, 'job lease lost before settling; another worker owns it');
    return held;
  }

  function markDead(job: JobsTable, reason: string): Promise<boolean> {
    logger.error({ jobId: job.id, job: job.name, attempts: job.attempts, reason }, 'job is dead');
    return settle(job, {
      state: 'dead',
      last_error: reason.slice(0, MAX_ERROR_CHARS),
      lease_until: null,
      finished_at: clock.now().toISOString(),
    });
  }

  function heartbeat(job: JobsTable): NodeJS.Timeout {
    const timer = setInterval(
      () => {
        db.updateTable('jobs')
          .set({ lease_until: addMs(clock.now(), leaseMs).toISOString() })
          .where('id', '=', job.id)
          .where('lease_owner', '=', job.lease_owner)
          .execute()
          .catch((err: unknown) => logger.warn({ err, jobId: job.id }, 'job lease renewal failed'));
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    timer.unref();
    return timer;
  }

  async function run(job: JobsTable): Promise<void> {
    const definition = catalog.get(job.name);
    if (!definition) return void (await markDead(job, `no handler is registered for job ${job.name}`));
    if (job.attempts > job.max_attempts)
      return void (await markDead(job, 'lease expired during the final attempt'));
    const parsed = definition.schema.safeParse(JSON.parse(job.payload));
    if (!parsed.success)
      return void (await markDead(job, `payload does not match the job schema: ${parsed.error.message}`));

    const log = logger.child({ jobId: job.id, job: job.name, attempt: job.attempts });
    const timer = heartbeat(job);
    try {
      await definition.handler(parsed.data, { jobId: job.id, attempt: job.attempts, logger: log });
      clearInterval(timer);
      await settle(job, {
        state: 'done',
        lease_until: null,
        last_error: null,
        finished_at: clock.now().toISOString(),
      });
    } catch (err) {
      clearInterval(timer);
      const message = err instanceof Error ? err.message : String(err);
      if (job.attempts >= job.max_attempts) return void (await markDead(job, message));
      const delayMs = computeBackoffMs(job.attempts, backoff.baseMs, backoff.maxMs, random);
      log.warn({ err: message, retryInMs: delayMs }, 'job failed; will retry');
      await settle(job, {
        state: 'queued',
        last_error: message.slice(0, MAX_ERROR_CHARS),
        lease_until: null,
        lease_owner: null,
        run_at: addMs(clock.now(), delayMs).toISOString(),
      });
    }
  }

  async function runOnce(): Promise<boolean> {
    const job = await claim();
    if (!job) return false;
    await run(job);
    return true;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      let ran = false;
      try {
        ran = await runOnce();
      } catch (err) {
        logger.error({ err }, 'job worker poll failed');
      }
      if (!ran && !stopping) await sleep(pollMs);
    }
  }

  return {
    start() {
      stopping = false;
      loops = Array.from({ length: concurrency }, () => loop());
    },
    async stop() {
      stopping = true;
      for (const wake of [...sleepers]) wake();
      await Promise.all(loops);
      loops = [];
    },
    runOnce,
  };
}
