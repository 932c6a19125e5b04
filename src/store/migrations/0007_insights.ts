import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../db.js';
import { sqlIn } from './0001_foundation.js';
import { columnTypes } from './helpers.js';

/**
 * Transaction insights through processor links: the link (its processor token sealed, its sync
 * cursor), one job per kind of insight with its latest result, and the transactions pulled
 * through the token (deleted with the link).
 */
export function insights(dialect: Dialect): Migration {
  const { timestamp } = columnTypes(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow schema.ts
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('insight_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('state', 'text', (c) => c.notNull().check(sqlIn('state', ['active', 'deleted'])))
        .addColumn('token_enc', 'text')
        .addColumn('token_fingerprint', 'text', (c) => c.notNull())
        .addColumn('plaid_account_id', 'text', (c) => c.notNull())
        .addColumn('sync_cursor', 'text')
        .addColumn('pages_fetched', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('transactions_fetched', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_synced_at', timestamp)
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addColumn('deleted_at', timestamp)
        .execute();
      await db.schema
        .createIndex('insight_links_token_idx')
        .on('insight_links')
        .columns(['brand_id', 'token_fingerprint'])
        .execute();
      await db.schema
        .createIndex('insight_links_account_idx')
        .on('insight_links')
        .column('plaid_account_id')
        .execute();

      await db.schema
        .createTable('insight_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('link_id', 'text', (c) => c.notNull().references('insight_links.id').onDelete('cascade'))
        .addColumn('job', 'text', (c) =>
          c.notNull().check(sqlIn('job', ['employer-classification', 'recurrence-detection'])),
        )
        .addColumn('state', 'text', (c) =>
          c
            .notNull()
            .check(sqlIn('state', ['pending', 'fetching', 'processing', 'completed', 'failed', 'cancelled'])),
        )
        .addColumn('reason', 'text')
        .addColumn('result_version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('result', 'text')
        .addColumn('completed_at', timestamp)
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addUniqueConstraint('insight_jobs_link_job_key', ['link_id', 'job'])
        .execute();

      await db.schema
        .createTable('insight_transactions')
        .addColumn('link_id', 'text', (c) => c.notNull().references('insight_links.id').onDelete('cascade'))
        .addColumn('transaction_id', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('insight_transactions_pkey', ['link_id', 'transaction_id'])
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
    async down(db: Kysely<any>) {
      await db.schema.dropTable('insight_transactions').execute();
      await db.schema.dropTable('insight_jobs').execute();
      await db.schema.dropTable('insight_links').execute();
    },
  };
}
