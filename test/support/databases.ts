import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseTarget } from '../../src/config.js';
import { type OpenStoreOptions, openStore, type Store } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';

/**
 * Every store test runs on every database: SQLite always, PostgreSQL when TEST_DATABASE_URL is set
 * (CI always sets it). Each PostgreSQL test gets a scratch schema of its own, dropped afterwards.
 */
export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty database. */
  open(): Promise<TestStore>;
}

export interface TestStore extends Store {
  target: DatabaseTarget;
  storeOptions: OpenStoreOptions;
}

const pgUrl = process.env.TEST_DATABASE_URL;

const sqlite: TestDatabase = {
  name: 'sqlite',
  async open() {
    const target: DatabaseTarget = { kind: 'sqlite', file: ':memory:' };
    const store = await openStore(target);
    await migrateToLatest(store);
    return { ...store, target, storeOptions: {} };
  },
};

/** A SQLite file in a temporary directory, for tests where several processes share the database. */
export function sqliteFileTarget(dir: string): DatabaseTarget {
  return { kind: 'sqlite', file: `${dir}/linkport.db` };
}

export async function createPgSchema(url: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `lp_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

const postgres: TestDatabase | undefined = pgUrl
  ? {
      name: 'postgres',
      async open() {
        const scratch = await createPgSchema(pgUrl);
        const target: DatabaseTarget = { kind: 'postgres', url: pgUrl };
        const storeOptions = { searchPath: scratch.schema, poolSize: 4 };
        const store = await openStore(target, storeOptions);
        await migrateToLatest(store);
        return {
          ...store,
          target,
          storeOptions,
          async close() {
            await store.close();
            await scratch.drop();
          },
        };
      },
    }
  : undefined;

export const testDatabases: TestDatabase[] = postgres ? [sqlite, postgres] : [sqlite];

export const postgresDatabase = postgres;
