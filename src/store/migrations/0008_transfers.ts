import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../db.js';
import { sqlIn } from './0001_foundation.js';
import { columnTypes } from './helpers.js';

/**
 * Money movement: a double-entry ledger (accounts with cached sums, transactions that are pending,
 * posted or archived, and their balanced entries), transfers between card accounts and linked
 * accounts, the ACH files they travel in, the rail's own state (trace numbers, the sandbox's
 * banking-day offset), the bank's files already read, and linked accounts blocked by returns.
 */
export function transfers(dialect: Dialect): Migration {
  const { timestamp, bigint } = columnTypes(dialect);
  const cents = (name: string) => (t: ReturnType<Kysely<unknown>['schema']['createTable']>) =>
    t.addColumn(name, bigint, (c) => c.notNull().defaultTo(0));
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow schema.ts
    async up(db: Kysely<any>) {
      let accounts = db.schema
        .createTable('ledger_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) =>
          c
            .notNull()
            .check(sqlIn('kind', ['card', 'external', 'ach_clearing', 'pull_holds', 'funding', 'shortfall'])),
        )
        .addColumn('ref_id', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addUniqueConstraint('ledger_accounts_ref_key', ['brand_id', 'kind', 'ref_id']);
      for (const column of ['posted_debits', 'posted_credits', 'pending_debits', 'pending_credits'])
        accounts = cents(column)(accounts);
      await accounts.execute();

      await db.schema
        .createTable('ledger_transactions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('transfer_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sqlIn('status', ['pending', 'posted', 'archived'])),
        )
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('ledger_transactions_transfer_idx')
        .on('ledger_transactions')
        .column('transfer_id')
        .execute();

      await db.schema
        .createTable('ledger_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull())
        .addColumn('ledger_transaction_id', 'text', (c) =>
          c.notNull().references('ledger_transactions.id').onDelete('cascade'),
        )
        .addColumn('ledger_account_id', 'text', (c) => c.notNull().references('ledger_accounts.id'))
        .addColumn('direction', 'text', (c) => c.notNull().check(sqlIn('direction', ['debit', 'credit'])))
        .addColumn('amount_cents', bigint, (c) => c.notNull().check(positive('amount_cents')))
        .execute();
      await db.schema
        .createIndex('ledger_entries_txn_idx')
        .on('ledger_entries')
        .column('ledger_transaction_id')
        .execute();
      await db.schema
        .createIndex('ledger_entries_account_idx')
        .on('ledger_entries')
        .column('ledger_account_id')
        .execute();

      await createTransfers(db, timestamp, bigint);
      await createRail(db, timestamp, bigint);
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
    async down(db: Kysely<any>) {
      for (const table of [
        'ach_blocks',
        'ach_inbound_files',
        'ach_rail',
        'ach_files',
        'transfers',
        'ledger_entries',
        'ledger_transactions',
        'ledger_accounts',
      ])
        await db.schema.dropTable(table).execute();
    },
  };
}

function positive(column: string) {
  return sql`${sql.ref(column)} > 0`;
}

type Col = Parameters<ReturnType<Kysely<unknown>['schema']['createTable']>['addColumn']>[1];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
async function createTransfers(db: Kysely<any>, timestamp: Col, bigint: Col) {
  await db.schema
    .createTable('transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('card_account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('linked_account_id', 'text', (c) => c.notNull().references('linked_accounts.id'))
    .addColumn('direction', 'text', (c) => c.notNull().check(sqlIn('direction', ['push', 'pull'])))
    .addColumn('amount_cents', bigint, (c) => c.notNull().check(positive('amount_cents')))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('speed', 'text', (c) => c.notNull().check(sqlIn('speed', ['standard', 'same_day'])))
    .addColumn('sec_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(sqlIn('status', ['pending', 'processing', 'settled', 'canceled', 'failed', 'returned'])),
    )
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('failure_reason', 'text')
    .addColumn('submit_by', timestamp, (c) => c.notNull())
    .addColumn('trace_number', 'text')
    .addColumn('ach_file_id', 'text')
    .addColumn('effective_date', 'text')
    .addColumn('settle_at', timestamp)
    .addColumn('available_on', 'text')
    .addColumn('funds_available', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('return_code', 'text')
    .addColumn('shortfall_cents', bigint, (c) => c.notNull().defaultTo(0))
    .addColumn('represents_id', 'text')
    .addColumn('representment', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('forced_outcome', 'text')
    .addColumn('correction', 'text')
    .addColumn('timeline', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('transfers_brand_created_idx')
    .on('transfers')
    .columns(['brand_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('transfers_status_idx')
    .on('transfers')
    .columns(['status', 'submit_by'])
    .execute();
  await db.schema.createIndex('transfers_file_idx').on('transfers').column('ach_file_id').execute();
  await db.schema
    .createIndex('transfers_trace_key')
    .on('transfers')
    .column('trace_number')
    .unique()
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
async function createRail(db: Kysely<any>, timestamp: Col, bigint: Col) {
  await db.schema
    .createTable('ach_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sqlIn('status', ['writing', 'sent', 'accepted', 'rejected'])),
    )
    .addColumn('reason', 'text')
    .addColumn('file_id_modifier', 'text', (c) => c.notNull())
    .addColumn('first_trace_sequence', 'integer', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('total_debit_cents', bigint, (c) => c.notNull())
    .addColumn('total_credit_cents', bigint, (c) => c.notNull())
    .addColumn('content_enc', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ach_rail')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('next_trace_sequence', 'integer', (c) => c.notNull())
    .addColumn('clock_offset_ms', bigint, (c) => c.notNull())
    .addColumn('files_day', 'text', (c) => c.notNull())
    .addColumn('files_on_day', 'integer', (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ach_inbound_files')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('processed_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ach_blocks')
    .addColumn('linked_account_id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('return_code', 'text', (c) => c.notNull())
    .addColumn('transfer_id', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.alterTable('brands').addColumn('transfer_limit_cents', bigint).execute();
}
