import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../db.js';
import { sqlIn } from './0001_foundation.js';
import { columnTypes } from './helpers.js';

/**
 * Outbound webhooks: each brand's endpoints (the signing secret sealed, the previous one kept while
 * a rotation overlaps) and one delivery per event and endpoint, created in the event's own
 * transaction and leased by the worker that sends it.
 */
export function webhooks(dialect: Dialect): Migration {
  const { timestamp } = columnTypes(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow schema.ts
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('webhook_endpoints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('event_types', 'text')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled_reason', 'text')
        .addColumn('secret_enc', 'text', (c) => c.notNull())
        .addColumn('previous_secret_enc', 'text')
        .addColumn('previous_secret_expires_at', timestamp)
        .addColumn('failing_since', timestamp)
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_endpoints_brand_idx')
        .on('webhook_endpoints')
        .columns(['brand_id', 'id'])
        .execute();

      await db.schema
        .createTable('webhook_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('endpoint_id', 'text', (c) =>
          c.notNull().references('webhook_endpoints.id').onDelete('cascade'),
        )
        .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
        .addColumn('state', 'text', (c) =>
          c.notNull().check(sqlIn('state', ['pending', 'sending', 'succeeded', 'failed'])),
        )
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', timestamp, (c) => c.notNull())
        .addColumn('lease_until', timestamp)
        .addColumn('lease_owner', 'text')
        .addColumn('last_attempt_at', timestamp)
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('last_response', 'text')
        .addColumn('last_duration_ms', 'integer')
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('completed_at', timestamp)
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_due_idx')
        .on('webhook_deliveries')
        .columns(['state', 'next_attempt_at'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_endpoint_idx')
        .on('webhook_deliveries')
        .columns(['endpoint_id', 'created_at', 'id'])
        .execute();
      await db.schema
        .createIndex('webhook_deliveries_event_idx')
        .on('webhook_deliveries')
        .column('event_id')
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
    async down(db: Kysely<any>) {
      await db.schema.dropTable('webhook_deliveries').execute();
      await db.schema.dropTable('webhook_endpoints').execute();
    },
  };
}
