import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.js';
import { buildMetricsApp } from '../api/metrics-app.js';
import { type Config, type ConfigOverrides, loadConfig } from '../config.js';
import { buildContainer, type Container } from '../container.js';
import { createWorker, type Worker } from '../jobs/worker.js';
import { bannerStream, type Logger, resolveLogFormat } from '../lib/logger.js';
import { pendingMigrations } from '../store/migrate.js';

/** Flags every serving command accepts; each overrides the setting of the same meaning. */
export interface ServeFlags {
  port?: string;
  sandboxPort?: string | undefined;
  host?: string;
  databaseUrl?: string;
  dataDir?: string;
  logLevel?: string;
}

export function configFromFlags(flags: ServeFlags) {
  const overrides: ConfigOverrides = {};
  if (flags.port !== undefined) overrides.PORT = flags.port;
  if (flags.sandboxPort !== undefined) overrides.SANDBOX_PORT = flags.sandboxPort;
  if (flags.host !== undefined) overrides.HOST = flags.host;
  if (flags.databaseUrl !== undefined) overrides.DATABASE_URL = flags.databaseUrl;
  if (flags.dataDir !== undefined) overrides.LINKPORT_DATA_DIR = flags.dataDir;
  if (flags.logLevel !== undefined) overrides.LOG_LEVEL = flags.logLevel;
  return loadConfig(process.env, overrides);
}

/**
 * A start banner, for people: beside readable logs on a terminal; on stderr when stdout carries
 * JSON logs, so that stream stays one JSON object a line.
 */
export function printBanner(config: Pick<Config, 'ops'>, lines: string[]): void {
  const format = resolveLogFormat(config.ops.logFormat, process.stdout.isTTY === true);
  const text = `${lines.join('\n')}\n`;
  if (bannerStream(format) === 'stdout') console.log(text);
  else console.error(text);
}

/** The schema is behind this release: the process must not serve on it. */
export class SchemaBehind extends Error {
  override name = 'SchemaBehind';
}

/**
 * The container on an up-to-date schema. `linkport start` (one process, the embedded defaults)
 * migrates itself; `api` and `worker` on PostgreSQL, of which many start at once, never migrate:
 * `linkport migrate` is the release step, and a process started on a schema that is behind exits 2
 * with one line naming it. On SQLite, which one process serves, they migrate as start does.
 */
export async function openMigrated(flags: ServeFlags, mode: 'start' | 'api' | 'worker'): Promise<Container> {
  const container = await buildContainer(configFromFlags(flags));
  if (mode === 'start' || container.store.dialect === 'sqlite') {
    await container.migrate();
    return container;
  }
  const pending = await pendingMigrations(container.store);
  if (pending.length > 0) {
    await container.close();
    throw new SchemaBehind(
      `the database schema is behind this release (${pending.length} migration${pending.length === 1 ? '' : 's'} pending): run \`linkport migrate\` first`,
    );
  }
  return container;
}

export async function startApi(
  container: Container,
  options: Parameters<typeof buildApp>[1] = {},
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp(container, options);
  const url = await app.listen({ port: container.config.port, host: container.config.host });
  return { app, url };
}

/**
 * With LINKPORT_METRICS_LISTEN, `/metrics` on that address (any process: api, worker, start); the
 * returned step closes it on drain.
 */
export async function startMetricsListener(container: Container): Promise<Array<() => Promise<unknown>>> {
  const listen = container.config.ops.metricsListen;
  if (!listen) return [];
  const app = await buildMetricsApp(container.metrics);
  const url = await app.listen(listen);
  container.logger.info({ url: `${url}/metrics` }, 'metrics listening');
  return [() => app.close()];
}

const MAINTENANCE_EVERY_MS = 60 * 60 * 1000;

/**
 * The background work of a process: the job worker, the webhook dispatcher, the ACH rail, and (hourly) the
 * pruning of events and audit entries past their retention. `stop` lets running work finish.
 */
export function startWorker(container: Container): Pick<Worker, 'stop'> {
  const logger = container.logger.child({ component: 'worker' });
  const worker = createWorker({
    store: container.store,
    catalog: container.catalog,
    clock: container.clock,
    logger,
  });
  const dispatcher = container.webhooks.dispatcher();
  const rail = container.transfers.rail();
  worker.start();
  dispatcher.start();
  rail.start();
  const prune = () =>
    container.events
      .prune(container.config.eventRetentionDays)
      .then((n) => n > 0 && logger.info({ pruned: n }, 'events past their retention pruned'))
      .catch((err: unknown) => logger.warn({ err }, 'event pruning failed'));
  const pruneAudit = () =>
    container.access.audit
      .prune(container.config.auditRetentionDays)
      .then((n) => n > 0 && logger.info({ pruned: n }, 'audit entries past their retention pruned'))
      .catch((err: unknown) => logger.warn({ err }, 'audit log pruning failed'));
  const timer = setInterval(() => void prune().then(pruneAudit), MAINTENANCE_EVERY_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all([worker.stop(), dispatcher.stop(), rail.stop()]);
    },
  };
}

/**
 * SIGTERM/SIGINT drain: stop accepting, let in-flight requests and the running job finish
 * (`first`, side by side), then close what they used (`last`, e.g. the database), exit 0.
 */
export function drainOnSignal(
  logger: Logger,
  first: Array<() => Promise<unknown>>,
  last: Array<() => Promise<unknown>> = [],
): void {
  let draining = false;
  const drain = async (signal: string) => {
    if (draining) return;
    draining = true;
    logger.info({ signal }, 'draining');
    try {
      await Promise.all(first.map((step) => step()));
      await Promise.all(last.map((step) => step()));
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'drain failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void drain('SIGTERM'));
  process.once('SIGINT', () => void drain('SIGINT'));
}
