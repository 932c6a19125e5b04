import { Migrator } from 'kysely';
import type { Store } from './db.js';
import { listMigrations } from './migrations/index.js';

export interface MigrationReport {
  applied: string[];
}

/** Brings the schema to the latest version; safe to run from several processes at once (the migrator locks). */
export async function migrateToLatest(store: Store): Promise<MigrationReport> {
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => listMigrations(store.dialect) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
