/**
 * A worker in a process of its own, for tests that kill it or run several side by side.
 * Env: DATABASE_URL, PG_SCHEMA (optional), WORKER_NAME, LEASE_MS, CONCURRENCY, BLOCK ("1" hangs mid-job).
 */
import { parseDatabaseUrl } from '../../src/config.js';
import { createCatalog } from '../../src/jobs/catalog.js';
import { createWorker } from '../../src/jobs/worker.js';
import { systemClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/logger.js';
import { openStore } from '../../src/store/db.js';
import { testJobs } from './test-jobs.js';

const env = process.env;
const store = await openStore(
  parseDatabaseUrl(env.DATABASE_URL ?? ''),
  env.PG_SCHEMA ? { searchPath: env.PG_SCHEMA } : {},
);
const name = env.WORKER_NAME ?? 'worker';
const catalog = createCatalog(
  testJobs(store.db, name, {
    blockBeforeEffect: env.BLOCK === '1',
    onStart: (id) => process.stdout.write(`started ${id}\n`),
  }),
);
const worker = createWorker({
  store,
  catalog,
  clock: systemClock,
  logger: createLogger('silent'),
  leaseMs: Number(env.LEASE_MS ?? 30_000),
  pollMs: 10,
  concurrency: Number(env.CONCURRENCY ?? 1),
});
worker.start();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void worker
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
