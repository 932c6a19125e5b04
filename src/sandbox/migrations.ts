import type { Kysely, Migration } from 'kysely';
import { productsMigration } from './product-tables.js';

/**
 * The sandbox database's migrations, in order. Each is frozen once released: a sandbox file made by
 * an older Linkport is brought forward by the ones it has not run. state.ts describes the tables as
 * they are now.
 */
export const SANDBOX_MIGRATIONS: Record<string, Migration> = {
  '0001_sandbox': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not follow the live schema
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sandbox_items')
        .addColumn('item_id', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('access_token', 'text', (c) => c.notNull().unique())
        .addColumn('institution_id', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('products', 'text', (c) => c.notNull())
        .addColumn('webhook', 'text')
        .addColumn('login_required', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('days_requested', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema
        .createTable('sandbox_link_tokens')
        .addColumn('link_token', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.references('sandbox_items.item_id'))
        .addColumn('config', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sandbox_public_tokens')
        .addColumn('public_token', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull().references('sandbox_items.item_id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('exchanged_at', 'text')
        .execute();
      await db.schema
        .createTable('sandbox_processor_tokens')
        .addColumn('processor_token', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull().references('sandbox_items.item_id'))
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('processor', 'text', (c) => c.notNull())
        .addColumn('products', 'text', (c) => c.notNull())
        .addColumn('webhook', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_webhooks': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not follow the live schema
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sandbox_webhook_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expired_at', 'text')
        .execute();
      await db.schema
        .createTable('sandbox_webhooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .addColumn('abandoned_at', 'text')
        .addColumn('last_status', 'integer')
        .execute();
      await db.schema
        .createIndex('sandbox_webhooks_due_idx')
        .on('sandbox_webhooks')
        .columns(['delivered_at', 'next_attempt_at'])
        .execute();
    },
  },
  '0003_transactions': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not follow the live schema
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sandbox_transactions')
        .addColumn('transaction_id', 'text', (c) => c.primaryKey())
        .addColumn('item_id', 'text', (c) => c.notNull().references('sandbox_items.item_id'))
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('pending', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_change', 'integer', (c) => c.notNull())
        .addColumn('last_change', 'integer', (c) => c.notNull())
        .addColumn('removed_change', 'integer')
        .execute();
      await db.schema
        .createIndex('sandbox_transactions_changes_idx')
        .on('sandbox_transactions')
        .columns(['item_id', 'last_change'])
        .execute();
      await db.schema
        .createIndex('sandbox_transactions_dates_idx')
        .on('sandbox_transactions')
        .columns(['item_id', 'date'])
        .execute();
    },
  },
  '0004_custom_users': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not follow the live schema
    async up(db: Kysely<any>) {
      await db.schema.alterTable('sandbox_items').addColumn('custom_config', 'text').execute();
    },
  },
  '0005_link_sessions': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not follow the live schema
    async up(db: Kysely<any>) {
      await db.schema.alterTable('sandbox_items').addColumn('account_ids', 'text').execute();
      await db.schema
        .createTable('sandbox_link_sessions')
        .addColumn('link_session_id', 'text', (c) => c.primaryKey())
        .addColumn('link_token', 'text', (c) => c.notNull().references('sandbox_link_tokens.link_token'))
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('institution_id', 'text')
        .addColumn('login', 'text')
        .addColumn('item_id', 'text')
        .addColumn('oauth_state_id', 'text', (c) => c.unique())
        .addColumn('oauth_resumed_at', 'text')
        .addColumn('last_error', 'text')
        .addColumn('result', 'text')
        .addColumn('exit', 'text')
        .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema
        .createIndex('sandbox_link_sessions_token_idx')
        .on('sandbox_link_sessions')
        .column('link_token')
        .execute();
    },
  },
  '0006_item_status': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not follow the live schema
    async up(db: Kysely<any>) {
      await db.schema.alterTable('sandbox_items').addColumn('transactions_updated_at', 'text').execute();
      await db.schema.alterTable('sandbox_webhooks').addColumn('item_id', 'text').execute();
      await db.schema.alterTable('sandbox_webhooks').addColumn('webhook_code', 'text').execute();
      await db.schema.alterTable('sandbox_webhooks').addColumn('sent_at', 'text').execute();
      await db.schema
        .createIndex('sandbox_webhooks_item_idx')
        .on('sandbox_webhooks')
        .columns(['item_id', 'sent_at'])
        .execute();
    },
  },
  '0007_products': productsMigration,
  '0008_signal': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not follow the live schema
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sandbox_signal_evaluations')
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('client_transaction_id', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('ruleset_result', 'text')
        .addColumn('evaluated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sandbox_signal_evaluations_pk', ['client_id', 'client_transaction_id'])
        .execute();
      await db.schema
        .createIndex('sandbox_signal_evaluations_account_idx')
        .on('sandbox_signal_evaluations')
        .columns(['item_id', 'account_id'])
        .execute();
      await db.schema
        .createTable('sandbox_signal_decisions')
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('client_transaction_id', 'text', (c) => c.notNull())
        .addColumn('initiated', 'integer', (c) => c.notNull())
        .addColumn('days_funds_on_hold', 'integer')
        .addColumn('decision_outcome', 'text')
        .addColumn('payment_method', 'text')
        .addColumn('amount_instantly_available', 'real')
        .addColumn('reported_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sandbox_signal_decisions_pk', ['client_id', 'client_transaction_id'])
        .execute();
      await db.schema
        .createTable('sandbox_signal_returns')
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('client_transaction_id', 'text', (c) => c.notNull())
        .addColumn('return_code', 'text', (c) => c.notNull())
        .addColumn('returned_at', 'text')
        .addColumn('reported_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sandbox_signal_returns_pk', ['client_id', 'client_transaction_id'])
        .execute();
    },
  },
};
