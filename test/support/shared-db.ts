import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/store/db.js';
import type { Store } from '../../src/store/db.js';
import { createPgSchema, postgresDatabase } from './databases.js';

/** A database that several processes can open: a SQLite file, or a scratch PostgreSQL schema. */
export interface SharedDb {
  store: Store;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export async function sharedSqlite(): Promise<SharedDb> {
  const dir = mkdtempSync(path.join(tmpdir(), 'linkport-jobs-'));
  const file = path.join(dir, 'linkport.db');
  const store = await openStore({ kind: 'sqlite', file });
  return {
    store,
    env: { DATABASE_URL: `sqlite:${file}` },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function sharedPostgres(): Promise<SharedDb> {
  const url = process.env.TEST_DATABASE_URL ?? '';
  const scratch = await createPgSchema(url);
  const store = await openStore({ kind: 'postgres', url }, { searchPath: scratch.schema });
  return { store, env: { DATABASE_URL: url, PG_SCHEMA: scratch.schema }, cleanup: scratch.drop };
}

/** Every database several processes can share: SQLite always, PostgreSQL when tests have one. */
export const sharedDatabases = [
  { name: 'sqlite', open: sharedSqlite },
  ...(postgresDatabase ? [{ name: 'postgres', open: sharedPostgres }] : []),
];
