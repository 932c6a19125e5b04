import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { addMs } from '../lib/time.js';
import type { Store } from '../store/db.js';
import { claimDueJob, pruneDoneJobs, renewJobLease, settleJob } from '../store/jobs.store.js';
import type { JobsTable } from '../store/schema.js';
import type { JobCatalog, JobHandler } from './catalog.js';

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
  /** Finished jobs are deleted this long after they finished (dead ones are kept). */
  retentionMs?: number;
}

export interface Worker {
  /** Starts polling; returns at once. */
  start(): void;
  /** Stops claiming, waits for running jobs to finish. */
  stop(): Promise<void>;
  /** Claims and runs one due job; false when none was due. Tests drive the queue with this. */
  runOnce(): Promise<boolean>;
  /** Deletes jobs finished longer ago than the retention; returns how many. */
  prune(): Promise<number>;
}

const MAX_ERROR_CHARS = 2000;
export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

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

class JobTimedOut extends Error {
  override name = 'JobTimedOut';
}

/**
 * Runs the handler against its job type's timeout: past it the signal aborts and the attempt fails,
 * whether or not the handler notices (its lease is no longer renewed, so no hung handler keeps a
 * job forever).
 */
async function runWithTimeout(
  handler: JobHandler,
  payload: unknown,
  ctx: Omit<Parameters<JobHandler['run']>[1], 'signal'>,
): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new JobTimedOut(`timed out after ${handler.type.timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, handler.type.timeoutMs);
  });
  try {
    await Promise.race([handler.run(payload, { ...ctx, signal: controller.signal }), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** What running a job needs: the worker's options, defaults filled in. */
interface Runner {
  db: Store['db'];
  catalog: JobCatalog;
  clock: Clock;
  logger: Logger;
  leaseMs: number;
  backoff: { baseMs: number; maxMs: number };
  random: () => number;
  retentionMs: number;
}

export function createWorker(options: WorkerOptions): Worker {
  const runner: Runner = {
    db: options.store.db,
    catalog: options.catalog,
    clock: options.clock,
    logger: options.logger,
    leaseMs: options.leaseMs ?? 30_000,
    backoff: options.backoff ?? { baseMs: 1_000, maxMs: 60 * 60 * 1_000 },
    random: options.random ?? Math.random,
    retentionMs: options.retentionMs ?? DEFAULT_RETENTION_MS,
  };
  const pollMs = options.pollMs ?? 500;
  const concurrency = options.concurrency ?? 1;
  let stopping = false;
  let loops: Promise<void>[] = [];
  let lastPruneMs = 0;
  const sleepers = new Set<() => void>();

  async function loop(): Promise<void> {
    while (!stopping) {
      let ran = false;
      try {
        ran = await runOnce(runner);
        if (!ran && Date.now() - lastPruneMs > PRUNE_EVERY_MS) {
          lastPruneMs = Date.now();
          await prune(runner);
        }
      } catch (err) {
        runner.logger.error({ err }, 'job worker poll failed');
      }
      if (!ran && !stopping) await sleep(pollMs, sleepers);
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
    runOnce: () => runOnce(runner),
    prune: () => prune(runner),
  };
}

/** An idle wait that `stop` can cut short by calling the sleeper it leaves in `sleepers`. */
function sleep(ms: number, sleepers: Set<() => void>): Promise<void> {
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

async function runOnce(runner: Runner): Promise<boolean> {
  const job = await claim(runner);
  if (!job) return false;
  await run(runner, job);
  return true;
}

async function prune({ db, clock, logger, retentionMs }: Runner): Promise<number> {
  const removed = await pruneDoneJobs(db, addMs(clock.now(), -retentionMs).toISOString());
  if (removed > 0) logger.info({ removed }, 'finished jobs pruned');
  return removed;
}

function claim({ db, clock, leaseMs }: Runner): Promise<JobsTable | undefined> {
  const now = clock.now();
  return claimDueJob(db, {
    now: now.toISOString(),
    leaseUntil: addMs(now, leaseMs).toISOString(),
    owner: newId(),
  });
}

async function run(runner: Runner, job: JobsTable): Promise<void> {
  const handler = runner.catalog.get(job.name);
  if (!handler) return void (await markDead(runner, job, `no handler is registered for job ${job.name}`));
  if (job.attempts > job.max_attempts)
    return void (await markDead(runner, job, 'lease expired during the final attempt'));
  const parsed = handler.type.schema.safeParse(JSON.parse(job.payload));
  if (!parsed.success)
    return void (await markDead(
      runner,
      job,
      `payload does not match the job schema: ${parsed.error.message}`,
    ));
  const log = runner.logger.child({ jobId: job.id, job: job.name, attempt: job.attempts });
  const timer = heartbeat(runner, job);
  try {
    await runWithTimeout(handler, parsed.data, { jobId: job.id, attempt: job.attempts, logger: log });
    clearInterval(timer);
    await settle(runner, job, {
      state: 'done',
      lease_until: null,
      last_error: null,
      finished_at: runner.clock.now().toISOString(),
    });
  } catch (err) {
    clearInterval(timer);
    await fail(runner, job, err, log);
  }
}

/** Every write after the claim is conditional on still holding the lease. */
async function settle(runner: Runner, job: JobsTable, values: Partial<JobsTable>): Promise<boolean> {
  const held = await settleJob(runner.db, job, { ...values, updated_at: runner.clock.now().toISOString() });
  if (!held)
    runner.logger.warn(
      { jobId: job.id, job: job.name },
      'job lease lost before settling; another worker owns it',
    );
  return held;
}

function markDead(runner: Runner, job: JobsTable, reason: string): Promise<boolean> {
  runner.logger.error({ jobId: job.id, job: job.name, attempts: job.attempts, reason }, 'job is dead');
  return settle(runner, job, {
    state: 'dead',
    last_error: reason.slice(0, MAX_ERROR_CHARS),
    lease_until: null,
    finished_at: runner.clock.now().toISOString(),
  });
}

function heartbeat({ db, clock, logger, leaseMs }: Runner, job: JobsTable): NodeJS.Timeout {
  const timer = setInterval(
    () => {
      renewJobLease(db, job, addMs(clock.now(), leaseMs).toISOString()).catch((err: unknown) =>
        logger.warn({ err, jobId: job.id }, 'job lease renewal failed'),
      );
    },
    Math.max(10, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return timer;
}

async function fail(runner: Runner, job: JobsTable, err: unknown, log: Logger): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  if (job.attempts >= job.max_attempts) return void (await markDead(runner, job, message));
  const { baseMs, maxMs } = runner.backoff;
  const delayMs = computeBackoffMs(job.attempts, baseMs, maxMs, runner.random);
  log.warn({ err: message, retryInMs: delayMs }, 'job failed; will retry');
  await settle(runner, job, {
    state: 'queued',
    last_error: message.slice(0, MAX_ERROR_CHARS),
    lease_until: null,
    lease_owner: null,
    run_at: addMs(runner.clock.now(), delayMs).toISOString(),
  });
}
