import { chmodSync, existsSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { UsageError } from './jobs.js';
import { configFromFlags, type ServeFlags } from './runtime.js';

/**
 * `linkport backup --to <file>`: a consistent copy of the SQLite database while Linkport runs
 * (SQLite's online backup API, through better-sqlite3), with the file's owner-only mode. PostgreSQL
 * is backed up with its own tools (pg_dump; see docs/deploy.md).
 */
export async function runBackup(flags: ServeFlags & { to: string }): Promise<void> {
  const config = configFromFlags(flags);
  if (config.database.kind !== 'sqlite')
    throw new UsageError('backup copies a SQLite database; back up PostgreSQL with pg_dump (docs/deploy.md)');
  const file = config.database.file;
  if (file === ':memory:' || !existsSync(file)) throw new UsageError(`no SQLite database at ${file}`);
  if (existsSync(flags.to)) throw new UsageError(`--to: ${flags.to} exists; name a new file`);
  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(flags.to);
    chmodSync(flags.to, 0o600);
  } finally {
    source.close();
  }
  console.log(
    `Backed up ${file} to ${flags.to}. It holds sealed secrets: keep it as private as the master key.`,
  );
}
