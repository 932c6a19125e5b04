import { readFileSync } from 'node:fs';
import { buildContainer, resolveSecrets } from '../container.js';
import { rotateMasterKey } from '../domain/keys/master-key.js';
import { parseMasterKey } from '../lib/crypto.js';
import { createStderrLogger } from '../lib/logger.js';
import { replaceSecretFile } from '../lib/secret-file.js';
import { pendingMigrations } from '../store/migrate.js';
import { UsageError } from './jobs.js';
import { configFromFlags, SchemaBehind, type ServeFlags } from './runtime.js';

/** The new key from a file (never a flag or the environment: it stays out of `ps` and shell history). */
function readNewKey(file: string): { text: string; key: Buffer } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    throw new UsageError(`--new-key-file: cannot read ${file}`);
  }
  const key = parseMasterKey(text);
  if (!key)
    throw new UsageError('--new-key-file must hold a 32-byte key, base64 (44 characters) or hex (64)');
  return { text, key };
}

/**
 * `linkport keys rotate --new-key-file <file>`: every sealed secret re-sealed under the new master
 * key in one transaction. Stop the api and worker processes first (they hold the old key), run it,
 * then start them with LINKPORT_MASTER_KEY set to the new key.
 */
export async function runKeysRotate(flags: ServeFlags & { newKeyFile: string }): Promise<void> {
  const config = configFromFlags(flags);
  const next = readNewKey(flags.newKeyFile);
  const logger = createStderrLogger(config.logLevel);
  const { masterKey } = resolveSecrets(config, logger);
  const container = await buildContainer(config, { logger });
  try {
    const pending = await pendingMigrations(container.store);
    if (pending.length > 0)
      throw new SchemaBehind('the database schema is behind: run `linkport migrate` first');
    const report = await rotateMasterKey(
      container.store.db,
      { current: masterKey, next: next.key },
      container.clock.now(),
    );
    for (const c of report.columns) console.log(`  ${`${c.table}.${c.column}`.padEnd(38)} ${c.count}`);
    console.log(`Re-sealed ${report.total} secrets in ${container.store.location} under the new master key.`);
    if (config.masterKey === undefined) {
      replaceSecretFile(config.dataDir, 'master.key', next.text);
      console.log("The data directory's master.key now holds the new key.");
    } else {
      console.log(
        'Set LINKPORT_MASTER_KEY to the new key for every process, then start them: the old key opens nothing now.',
      );
    }
  } finally {
    await container.close();
  }
}
