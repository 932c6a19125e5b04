import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../db.js';
import { columnTypes } from './helpers.js';

/**
 * Per-brand rate-limit buckets shared by every API process on PostgreSQL: the tokens left at
 * `refilled_at`, and what the last reservation granted (read back by the same atomic statement).
 * SQLite, which one process serves, keeps its buckets in memory; the table exists there unused.
 */
export function rateLimits(dialect: Dialect): Migration {
  const { timestamp } = columnTypes(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow schema.ts
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('rate_limit_buckets')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('tokens', 'double precision', (c) => c.notNull())
        .addColumn('last_granted', 'integer', (c) => c.notNull())
        .addColumn('refilled_at', timestamp, (c) => c.notNull())
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
    async down(db: Kysely<any>) {
      await db.schema.dropTable('rate_limit_buckets').execute();
    },
  };
}
