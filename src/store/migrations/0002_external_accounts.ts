import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../db.js';
import { sqlIn } from './0001_foundation.js';
import { columnTypes } from './helpers.js';

/**
 * Platform card accounts, the external accounts linked to them through Plaid processor tokens, the
 * institutions they belong to, brand events, the audit of full-number reveals, idempotent replays,
 * and the brand settings the linking flow reads.
 */
export function externalAccounts(dialect: Dialect): Migration {
  const { timestamp, bigint } = columnTypes(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow schema.ts
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('brands')
        .addColumn('plaid_integration', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('brands')
        .addColumn('identity_match', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('brands')
        .addColumn('identity_match_threshold', 'integer', (c) => c.notNull().defaultTo(70))
        .execute();

      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('owner_id', 'text', (c) => c.notNull().references('owners.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull().check(sqlIn('type', ['card'])))
        .addColumn('balance_cents', bigint, (c) => c.notNull().defaultTo(0))
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('accounts_owner_idx')
        .on('accounts')
        .columns(['brand_id', 'owner_id'])
        .execute();

      await db.schema
        .createTable('institutions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('logo', 'text')
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('linked_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('owner_id', 'text', (c) => c.notNull().references('owners.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) =>
          c
            .notNull()
            .check(sqlIn('status', ['active', 'login_required', 'pending_disconnect', 'revoked', 'removed'])),
        )
        .addColumn('verification_status', 'text', (c) => c.notNull())
        .addColumn('institution_id', 'text')
        .addColumn('bank_name', 'text')
        .addColumn('account_name', 'text')
        .addColumn('account_type', 'text', (c) => c.notNull())
        .addColumn('account_category', 'text', (c) => c.notNull())
        .addColumn('mask', 'text', (c) => c.notNull())
        .addColumn('routing_number_enc', 'text', (c) => c.notNull())
        .addColumn('account_number_enc', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('processor_token_enc', 'text', (c) => c.notNull())
        .addColumn('plaid_account_id', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addColumn('removed_at', timestamp)
        .execute();
      await db.schema
        .createIndex('linked_accounts_account_idx')
        .on('linked_accounts')
        .columns(['brand_id', 'account_id'])
        .execute();
      await db.schema
        .createIndex('linked_accounts_plaid_account_idx')
        .on('linked_accounts')
        .column('plaid_account_id')
        .execute();
      // One live link per bank account and owner: the database settles concurrent duplicate links.
      await db.schema
        .createIndex('linked_accounts_live_fingerprint_idx')
        .on('linked_accounts')
        .columns(['brand_id', 'owner_id', 'fingerprint'])
        .unique()
        .where(sql.ref('status'), '<>', 'removed')
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('events_brand_idx').on('events').columns(['brand_id', 'id']).execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('response_body', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['brand_id', 'key'])
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
    async down(db: Kysely<any>) {
      for (const table of [
        'idempotency_keys',
        'audit_log',
        'events',
        'linked_accounts',
        'institutions',
        'accounts',
      ])
        await db.schema.dropTable(table).execute();
      for (const column of ['identity_match_threshold', 'identity_match', 'plaid_integration'])
        await db.schema.alterTable('brands').dropColumn(column).execute();
    },
  };
}
