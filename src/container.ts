import type { Config } from './config.js';
import { createBrandsService } from './domain/brands/brands.service.js';
import { createOwnersService } from './domain/owners/owners.service.js';
import { createCatalog, type JobCatalog, type JobDefinition } from './jobs/catalog.js';
import { createQueue, type Queue } from './jobs/queue.js';
import { type Clock, systemClock } from './lib/clock.js';
import {
  createKeyring,
  generateMasterKey,
  generateSecret,
  type Keyring,
  parseMasterKey,
} from './lib/crypto.js';
import { createLogger, type Logger } from './lib/logger.js';
import { readOrCreateSecretFile } from './lib/secret-file.js';
import { type OpenStoreOptions, openStore, type Store } from './store/db.js';

/** Explicit wiring: everything a mode needs, built once from config. No globals. */
export interface Container {
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  store: Store;
  keyring: Keyring;
  adminToken: string;
  catalog: JobCatalog;
  queue: Queue;
  brands: ReturnType<typeof createBrandsService>;
  owners: ReturnType<typeof createOwnersService>;
  close(): Promise<void>;
}

export interface ContainerOverrides {
  clock?: Clock;
  logger?: Logger;
  jobs?: JobDefinition[];
  storeOptions?: OpenStoreOptions;
  /** An already open store (tests hand in a scratch database); closed with the container. */
  store?: Store;
}

/** Secrets from config, or for the embedded defaults generated once into the data directory. */
function resolveSecrets(config: Readonly<Config>, logger: Logger): { masterKey: Buffer; adminToken: string } {
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

export async function buildContainer(
  config: Readonly<Config>,
  overrides: ContainerOverrides = {},
): Promise<Container> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? systemClock;
  const { masterKey, adminToken } = resolveSecrets(config, logger);
  const store = overrides.store ?? (await openStore(config.database, overrides.storeOptions));
  const catalog = createCatalog(overrides.jobs ?? []);
  const deps = { db: store.db, clock };
  return {
    config,
    logger,
    clock,
    store,
    keyring: createKeyring(masterKey),
    adminToken,
    catalog,
    queue: createQueue(catalog, clock),
    brands: createBrandsService(deps),
    owners: createOwnersService(deps),
    close: () => store.close(),
  };
}
