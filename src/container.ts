import type { Config } from './config.js';
import { createBrandsService } from './domain/brands/brands.service.js';
import { createAccountsService } from './domain/accounts/accounts.service.js';
import { createEventsService } from './domain/events/events.service.js';
import { createIdempotencyService } from './domain/idempotency/idempotency.service.js';
import { createExternalAccountsService } from './domain/external-accounts/external-accounts.service.js';
import { createInstitutionDirectory } from './domain/external-accounts/institutions.js';
import { createPlaidWebhookHandler } from './domain/external-accounts/plaid-webhooks.js';
import { itemRemovalJob } from './domain/hosted-linking/item-removal.js';
import {
  createHostedLinkingService,
  type HostedLinkingService,
} from './domain/hosted-linking/hosted-linking.service.js';
import { createWebhookVerifier, type WebhookVerifier } from './plaid/client/webhook-verifier.js';
import { createOwnersService } from './domain/owners/owners.service.js';
import { resolvePlaidCredentials } from './plaid/client/credentials.js';
import { createPlaidGateway, type PlaidGateway } from './plaid/client/plaid-gateway.js';
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
  plaid: PlaidGateway;
  accounts: ReturnType<typeof createAccountsService>;
  externalAccounts: ReturnType<typeof createExternalAccountsService>;
  hostedLinking: HostedLinkingService;
  events: ReturnType<typeof createEventsService>;
  idempotency: ReturnType<typeof createIdempotencyService>;
  plaidWebhooks: { verify: WebhookVerifier; apply: (body: unknown) => Promise<number> };
  close(): Promise<void>;
}

export interface ContainerOverrides {
  clock?: Clock;
  logger?: Logger;
  jobs?: JobDefinition[];
  storeOptions?: OpenStoreOptions;
  /** An already open store (tests hand in a scratch database); closed with the container. */
  store?: Store;
  /** Another way to Plaid (tests reach a sandbox that is down, for instance). */
  plaid?: PlaidGateway;
  /** Where Plaid sends webhooks, when not `<publicUrl>/webhooks/plaid` (tests listen on a free port). */
  webhookUrl?: () => string;
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
  const deps = { db: store.db, clock };
  const keyring = createKeyring(masterKey);
  const plaid =
    overrides.plaid ?? createPlaidGateway(config.plaid.baseUrl, () => resolvePlaidCredentials(config));
  const catalog = createCatalog([
    itemRemovalJob({ db: store.db, keyring, plaid }),
    ...(overrides.jobs ?? []),
  ]);
  const queue = createQueue(catalog, clock);
  const accounts = createAccountsService(deps);
  const institutions = createInstitutionDirectory(store.db, plaid, clock);
  const webhookUrl = overrides.webhookUrl ?? (() => `${config.publicUrl}/webhooks/plaid`);
  const hostedLinking = createHostedLinkingService({
    ...deps,
    keyring,
    plaid,
    institutions,
    accounts,
    logger,
    webhookUrl,
    linkCustomizationName: config.plaid.linkCustomizationName,
    sandbox: config.plaid.env !== 'production',
  });
  return {
    config,
    logger,
    clock,
    store,
    keyring,
    adminToken,
    catalog,
    queue,
    brands: createBrandsService(deps),
    owners: createOwnersService(deps),
    plaid,
    accounts,
    externalAccounts: createExternalAccountsService({
      ...deps,
      keyring,
      plaid,
      accounts,
      institutions,
      webhookUrl,
      heldItems: hostedLinking,
      queue,
    }),
    hostedLinking,
    events: createEventsService(deps),
    idempotency: createIdempotencyService(deps),
    plaidWebhooks: { verify: createWebhookVerifier(plaid, clock), apply: createPlaidWebhookHandler(deps) },
    close: () => store.close(),
  };
}
