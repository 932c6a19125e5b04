/**
 * The platform API in a process of its own, for tests that need several API processes on one
 * database. Env: DATABASE_URL, PG_SCHEMA (optional), MASTER_KEY, ADMIN_TOKEN. Prints `listening <url>`.
 */
import { buildApp } from '../../src/api/app.js';
import { loadConfig, parseDatabaseUrl } from '../../src/config.js';
import { buildContainer } from '../../src/container.js';
import { createLogger } from '../../src/lib/logger.js';
import { openStore } from '../../src/store/db.js';

const env = process.env;
const store = await openStore(
  parseDatabaseUrl(env.DATABASE_URL ?? ''),
  env.PG_SCHEMA ? { searchPath: env.PG_SCHEMA } : {},
);
const config = loadConfig({
  DATABASE_URL: 'sqlite::memory:',
  LINKPORT_MASTER_KEY: env.MASTER_KEY ?? '',
  LINKPORT_ADMIN_TOKEN: env.ADMIN_TOKEN ?? '',
  LOG_LEVEL: 'silent',
});
const container = await buildContainer(config, { store, logger: createLogger('silent') });
const app = await buildApp(container);
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${url}\n`);
process.once('SIGTERM', () => {
  void app
    .close()
    .then(() => container.close())
    .then(() => process.exit(0));
});
