import { Migrator, sql } from 'kysely';
import type { Store } from './db.js';
import { listMigrations } from './migrations/index.js';

export interface MigrationReport {
  applied: string[];
}

/**
 * On PostgreSQL the migration tables live in the connection's own schema, named as such: Kysely
 * otherwise looks for them in any schema, and two databases side by side (tests, tenants of one
 * server) would see each other's.
 */
async function migratorFor(store: Store): Promise<Migrator> {
  const schema =
    store.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db)).rows[0]?.schema
      : undefined;
  return new Migrator({
    db: store.db,
    provider: { getMigrations: async () => listMigrations(store.dialect) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/**
 * Brings the schema to the latest version. Safe when several processes run it at once: Kysely's
 * migrator takes a lock (an advisory lock on PostgreSQL), and each migration runs in a transaction.
 */
export async function migrateToLatest(store: Store): Promise<MigrationReport> {
  const { error, results } = await (await migratorFor(store)).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** The migrations this release has that the database has not run yet (all of them on an empty one). */
export async function pendingMigrations(store: Store): Promise<string[]> {
  const migrations = await (await migratorFor(store)).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
