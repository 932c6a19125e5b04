/**
 * The webhook dispatcher in a process of its own, for tests that kill it mid-burst.
 * Env: DATABASE_URL, PG_SCHEMA (optional), MASTER_KEY (base64), LEASE_MS (optional).
 */
import { parseDatabaseUrl } from '../../src/config.js';
import { systemClock } from '../../src/lib/clock.js';
import { createKeyring, parseMasterKey } from '../../src/lib/crypto.js';
import { createLogger } from '../../src/lib/logger.js';
import { recordEndpointDisabled } from '../../src/domain/webhooks/endpoints.js';
import { openStore } from '../../src/store/db.js';
import { createWebhookDispatcher } from '../../src/webhooks/dispatcher.js';

const env = process.env;
const store = await openStore(
  parseDatabaseUrl(env.DATABASE_URL ?? ''),
  env.PG_SCHEMA ? { searchPath: env.PG_SCHEMA } : {},
);
const key = parseMasterKey(env.MASTER_KEY ?? '');
if (!key) throw new Error('MASTER_KEY is not a 32-byte key');
const dispatcher = createWebhookDispatcher({
  store,
  keyring: createKeyring(key),
  clock: systemClock,
  logger: createLogger('silent'),
  policy: { allowPrivate: true },
  onDisabled: recordEndpointDisabled,
  pollMs: 10,
  ...(env.LEASE_MS ? { leaseMs: Number(env.LEASE_MS) } : {}),
});
dispatcher.start();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void dispatcher
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
