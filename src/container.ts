import type { Config } from './config.js';
import { createAccessModule } from './domain/access/access.module.js';
import { type AccountsService, createAccountsService } from './domain/accounts/accounts.service.js';
import { createBrandsService } from './domain/brands/brands.service.js';
import { createEventsService } from './domain/events/events.service.js';
import { createIdempotencyService } from './domain/idempotency/idempotency.service.js';
import { createInsightsModule } from './domain/insights/insights.module.js';
import type { InsightsEngine } from './domain/insights/insights.types.js';
import { loadFingerprintKey } from './domain/keys/master-key.js';
import { createLinksModule, type LinksModule } from './domain/links/links.module.js';
import { createOwnersService } from './domain/owners/owners.service.js';
import { createRateLimiter, type RateLimiter } from './domain/rate-limits/rate-limiter.js';
import { createTransfersModule } from './domain/transfers/transfers.module.js';
import { createWebhooksModule } from './domain/webhooks/webhooks.module.js';
import { analyzeTransactions } from './insights/index.js';
import { createJobsAdmin } from './jobs/admin.js';
import { createCatalog, type JobCatalog, type JobHandler } from './jobs/catalog.js';
import { createQueue, type Queue } from './jobs/queue.js';
import { type Clock, systemClock } from './lib/clock.js';
import { createCrashPoints } from './lib/crash-point.js';
import {
  createKeyring,
  generateMasterKey,
  generateSecret,
  type Keyring,
  parseMasterKey,
} from './lib/crypto.js';
import { createLogger, type Logger, resolveLogFormat } from './lib/logger.js';
import { createMetrics, type Metrics } from './lib/metrics.js';
import { readOrCreateSecretFile } from './lib/secret-file.js';
import { resolvePlaidCredentials } from './plaid/client/credentials.js';
import { createPlaidGateway, type PlaidGateway } from './plaid/client/plaid-gateway.js';
import { type OpenStoreOptions, openStore, pingStore, type Store } from './store/db.js';
import { type MigrationReport, migrateToLatest, pendingMigrations } from './store/migrate.js';
import { readOpsStats } from './store/ops-stats.store.js';

/** The insight algorithms of src/insights, fed the Plaid Transaction objects a link pulled. */
const insightsEngine: InsightsEngine = {
  analyze: (transactions, asOf) => {
    const { recurring, employer } = analyzeTransactions(transactions, { asOf });
    return { recurrence: recurring, employer };
  },
};

/** What every area is built from: the process's shared parts. */
export interface Core {
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  store: Store;
  keyring: Keyring;
  plaid: PlaidGateway;
  queue: Queue;
  metrics: Metrics;
}

/** Money movement on the linked accounts the links area resolves. */
function buildTransfers(core: Core, accounts: AccountsService, links: LinksModule) {
  return createTransfersModule({
    db: core.store.db,
    clock: core.clock,
    keyring: core.keyring,
    plaid: core.plaid,
    logger: core.logger.child({ component: 'transfers' }),
    accounts,
    resolveLinkedAccount: links.links.resolve,
    ach: core.config.ach,
  });
}

/** Explicit wiring: every area, built once from config. No globals. */
export function buildAreas(core: Core, options: { webhookUrl?: () => string; adminToken: string }) {
  const deps = { db: core.store.db, clock: core.clock };
  const accounts = createAccountsService(deps);
  const plaidWebhookUrl = options.webhookUrl ?? (() => `${core.config.publicUrl}/webhooks/plaid`);
  const insights = createInsightsModule({
    ...deps,
    keyring: core.keyring,
    plaid: core.plaid,
    queue: core.queue,
    logger: core.logger.child({ component: 'insights' }),
    engine: insightsEngine,
    webhookUrl: plaidWebhookUrl,
  });
  const links = createLinksModule({
    ...deps,
    keyring: core.keyring,
    plaid: core.plaid,
    logger: core.logger,
    queue: core.queue,
    accounts,
    webhookUrl: plaidWebhookUrl,
    webhookListeners: [insights.onPlaidWebhook],
    linkCustomizationName: core.config.plaid.linkCustomizationName,
    sandbox: core.config.plaid.env !== 'production',
  });
  const webhooks = createWebhooksModule({
    ...deps,
    store: core.store,
    keyring: core.keyring,
    logger: core.logger,
    policy: { allowPrivate: core.config.webhooks.allowPrivate },
  });
  const transfers = buildTransfers(core, accounts, links);
  return {
    brands: createBrandsService(deps),
    access: createAccessModule({ ...deps, logger: core.logger, adminToken: options.adminToken }),
    transfers,
    webhooks,
    owners: createOwnersService(deps),
    accounts,
    links,
    insights,
    events: createEventsService(deps),
    idempotency: createIdempotencyService({
      ...deps,
      leaseMs: core.config.idempotencyLeaseMs,
      crashPoint: createCrashPoints(core.config.testCrashPoint),
    }),
    /** The operator's view of the job queue. */
    jobsAdmin: createJobsAdmin(deps),
    /** Every area's jobs, for the worker's catalog. */
    jobs: [...links.jobs, ...insights.jobs] as JobHandler[],
  };
}

export type Areas = ReturnType<typeof buildAreas>;

export interface Container extends Core, Omit<Areas, 'jobs'> {
  adminToken: string;
  catalog: JobCatalog;
  /** Per-brand request limits; undefined when LINKPORT_RATE_LIMIT_PER_SECOND is 0 (the default). */
  rateLimiter: RateLimiter | undefined;
  /**
   * Brings the schema up to date, then keeps the master key's check in it when the database is new
   * (domain/keys/master-key.ts): a later start with another key is refused.
   */
  migrate(): Promise<MigrationReport>;
  /** Throws, saying why, while this process should get no traffic (see /readyz). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface ContainerOverrides {
  clock?: Clock;
  logger?: Logger;
  jobs?: JobHandler[];
  storeOptions?: OpenStoreOptions;
  /** An already open store (tests hand in a scratch database); closed with the container. */
  store?: Store;
  /** Another way to Plaid (tests reach a sandbox that is down, for instance). */
  plaid?: PlaidGateway;
  /** Where Plaid sends webhooks, when not `<publicUrl>/webhooks/plaid` (tests listen on a free port). */
  webhookUrl?: () => string;
}

function buildRateLimiter(core: Core): RateLimiter | undefined {
  const policy = core.config.ops.rateLimit;
  if (!policy) return undefined;
  return createRateLimiter({
    policy,
    nowMs: () => core.clock.now().getTime(),
    logger: core.logger.child({ component: 'rate-limits' }),
    ...(core.store.dialect === 'postgres' ? { shared: core.store.db } : {}),
  });
}

/** Secrets from config, or for the embedded defaults generated once into the data directory. */
export function resolveSecrets(
  config: Readonly<Config>,
  logger: Logger,
): { masterKey: Buffer; adminToken: string } {
  let rawKey = config.masterKey;
  if (rawKey === undefined) {
    const file = readOrCreateSecretFile(config.dataDir, 'master.key', generateMasterKey);
    if (file.created)
      logger.warn({ file: file.file }, 'generated a master key; set LINKPORT_MASTER_KEY in production');
    rawKey = file.value;
  }
  const masterKey = parseMasterKey(rawKey);
  if (!masterKey)
    throw new Error(
      'the master key in the data directory is not 32 bytes; restore it or set LINKPORT_MASTER_KEY',
    );
  const adminToken =
    config.adminToken ??
    readOrCreateSecretFile(config.dataDir, 'admin.token', () => generateSecret('lpadmin')).value;
  return { masterKey, adminToken };
}

/** The container's migrate, ready and close. */
function lifecycle(
  store: Store,
  masterKey: Buffer,
  areas: Omit<Areas, 'jobs'>,
): Pick<Container, 'migrate' | 'ready' | 'close'> {
  return {
    async migrate() {
      const report = await migrateToLatest(store);
      await loadFingerprintKey(store.db, masterKey);
      return report;
    },
    async ready() {
      await pingStore(store);
      const pending = await pendingMigrations(store);
      if (pending.length > 0)
        throw new Error(`the database schema is behind (run linkport migrate: ${pending.join(', ')})`);
    },
    async close() {
      await areas.access.auth.flush();
      await areas.transfers.close();
      await store.close();
    },
  };
}

/** The configured database; a connection that fails outside a query is logged and replaced. */
function openLoggedStore(config: Readonly<Config>, overrides: ContainerOverrides, logger: Logger) {
  return openStore(config.database, {
    ...overrides.storeOptions,
    onConnectionError: (err) => logger.warn({ err }, 'a database connection failed; it is replaced'),
  });
}

export async function buildContainer(
  config: Readonly<Config>,
  overrides: ContainerOverrides = {},
): Promise<Container> {
  const logger =
    overrides.logger ??
    createLogger(
      config.logLevel,
      undefined,
      resolveLogFormat(config.ops.logFormat, process.stdout.isTTY === true),
    );
  const clock = overrides.clock ?? systemClock;
  const { masterKey, adminToken } = resolveSecrets(config, logger);
  const store = overrides.store ?? (await openLoggedStore(config, overrides, logger));
  const fingerprintKey = await loadFingerprintKey(store.db, masterKey).catch(async (err: unknown) => {
    if (!overrides.store) await store.close();
    throw err;
  });
  const metrics = createMetrics({
    collect: async () => ({ ...(await readOpsStats(store.db, clock.now())), pool: store.poolStats?.() }),
  });
  const core: Core = {
    config,
    logger,
    clock,
    store,
    keyring: createKeyring(masterKey, fingerprintKey),
    plaid:
      overrides.plaid ??
      createPlaidGateway(
        config.plaid.baseUrl,
        () => resolvePlaidCredentials(config),
        (endpoint, seconds, code) => metrics.observePlaidCall(endpoint, seconds, code),
      ),
    queue: createQueue(clock),
    metrics,
  };
  const { jobs, ...areas } = buildAreas(core, {
    adminToken,
    ...(overrides.webhookUrl ? { webhookUrl: overrides.webhookUrl } : {}),
  });
  return {
    ...core,
    ...areas,
    adminToken,
    rateLimiter: buildRateLimiter(core),
    catalog: createCatalog([...jobs, ...(overrides.jobs ?? [])]),
    ...lifecycle(store, masterKey, areas),
  };
}
