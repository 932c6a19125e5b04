import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../db.js';
import { columnTypes } from './helpers.js';

/**
 * Keys the database keeps, sealed under the master key: after a master key rotation, the fingerprint
 * key the previous master key derived (fingerprints of erased secrets cannot be recomputed).
 */
export function keyMaterial(dialect: Dialect): Migration {
  const { timestamp } = columnTypes(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow schema.ts
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('key_material')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('sealed', 'text', (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
    async down(db: Kysely<any>) {
      await db.schema.dropTable('key_material').execute();
    },
  };
}
