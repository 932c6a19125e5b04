import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../db.js';
import { columnTypes } from './helpers.js';

/**
 * Access control (issue 17): several named keys per brand with expiry, scopes and a last-used time;
 * named admin tokens; one access version that every API process's key cache checks, so a revoked
 * key stops working everywhere within a second; and an audit log of every change made through the
 * API, with its actor, object, request id and source address. The audit log is rebuilt (SQLite
 * cannot relax NOT NULL in place) so that operator entries may have no brand.
 */
export function access(dialect: Dialect): Migration {
  const { timestamp, bigint } = columnTypes(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow schema.ts
    async up(db: Kysely<any>) {
      await extendApiKeys(db, timestamp);
      await db.schema
        .createTable('admin_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('revoked_at', timestamp)
        .execute();
      await db.schema
        .createTable('access_version')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', bigint, (c) => c.notNull())
        .execute();
      await db.insertInto('access_version').values({ id: 1, version: 0 }).execute();
      await rebuildAuditLog(db, timestamp);
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
    async down(db: Kysely<any>) {
      await db.schema.dropTable('access_version').execute();
      await db.schema.dropTable('admin_tokens').execute();
      for (const column of ['name', 'last_used_at', 'expires_at', 'scopes', 'read_only', 'created_by'])
        await db.schema.alterTable('api_keys').dropColumn(column).execute();
    },
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
async function extendApiKeys(db: Kysely<any>, timestamp: ReturnType<typeof columnTypes>['timestamp']) {
  // The key a brand got at creation becomes its first named key, with full access.
  await db.schema
    .alterTable('api_keys')
    .addColumn('name', 'text', (c) => c.notNull().defaultTo('Initial key'))
    .execute();
  await db.schema.alterTable('api_keys').addColumn('last_used_at', timestamp).execute();
  await db.schema.alterTable('api_keys').addColumn('expires_at', timestamp).execute();
  // JSON array of area names; null is every area.
  await db.schema.alterTable('api_keys').addColumn('scopes', 'text').execute();
  await db.schema
    .alterTable('api_keys')
    .addColumn('read_only', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('api_keys').addColumn('created_by', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
async function rebuildAuditLog(db: Kysely<any>, timestamp: ReturnType<typeof columnTypes>['timestamp']) {
  await db.schema
    .createTable('audit_log_v2')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.references('brands.id').onDelete('cascade'))
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('source_address', 'text')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  // Entries from before: reveals of account numbers, whose key was not recorded.
  await sql`insert into audit_log_v2 (id, brand_id, actor_type, actor_id, action, object_type, subject_id, request_id, source_address, created_at)
    select id, brand_id, 'api_key', null, action, 'external_account', subject_id, request_id, null, created_at from audit_log`.execute(
    db,
  );
  await db.schema.dropTable('audit_log').execute();
  await db.schema.alterTable('audit_log_v2').renameTo('audit_log').execute();
  await db.schema.createIndex('audit_log_brand_idx').on('audit_log').columns(['brand_id', 'id']).execute();
  await db.schema.createIndex('audit_log_created_idx').on('audit_log').column('created_at').execute();
}
