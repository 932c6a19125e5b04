import { type ColumnDataType, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../db.js';
import { sqlIn } from './0001_foundation.js';
import { columnTypes } from './helpers.js';

const LINK_STATUSES = ['active', 'login_required', 'pending_disconnect', 'revoked', 'removed'];

/**
 * Hosted linking (seed 003 and seed 000's owner-typed link tokens): Linkport holds the Plaid Item.
 * `plaid_items` keeps each Item's access token (encrypted) and health; its bank accounts are linked
 * accounts with an `item_id`, which need neither a processor token nor (profiles, Pay-by-Bank users)
 * a card account, so those two columns become nullable. `brand_redirects` is the allow-list of OAuth
 * redirect URIs and Android package names a brand may open Link with.
 */
export function hostedLinking(dialect: Dialect): Migration {
  const { timestamp } = columnTypes(dialect);
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not follow schema.ts
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('plaid_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('owner_id', 'text', (c) => c.notNull().references('owners.id').onDelete('cascade'))
        .addColumn('plaid_item_id', 'text', (c) => c.notNull().unique())
        .addColumn('institution_id', 'text')
        .addColumn('institution_name', 'text')
        .addColumn('access_token_enc', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sqlIn('status', ['active', 'revoked', 'removed'])),
        )
        .addColumn('is_login_required', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('new_accounts_available', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addColumn('updated_at', timestamp, (c) => c.notNull())
        .addColumn('removed_at', timestamp)
        .execute();
      await db.schema
        .createIndex('plaid_items_owner_idx')
        .on('plaid_items')
        .columns(['brand_id', 'owner_id'])
        .execute();

      await db.schema
        .createTable('brand_redirects')
        .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) =>
          c.notNull().check(sqlIn('kind', ['redirect_uri', 'android_package_name'])),
        )
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', timestamp, (c) => c.notNull())
        .addPrimaryKeyConstraint('brand_redirects_pk', ['brand_id', 'kind', 'value'])
        .execute();

      if (dialect === 'postgres') {
        await sql`alter table linked_accounts alter column account_id drop not null`.execute(db);
        await sql`alter table linked_accounts alter column processor_token_enc drop not null`.execute(db);
        await db.schema
          .alterTable('linked_accounts')
          .addColumn('item_id', 'text', (c) => c.references('plaid_items.id').onDelete('cascade'))
          .execute();
      } else {
        await rebuildLinkedAccountsForSqlite(db, timestamp);
      }
      await db.schema
        .createIndex('linked_accounts_item_idx')
        .on('linked_accounts')
        .column('item_id')
        .execute();
    },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('linked_accounts_item_idx').execute();
      await db.deleteFrom('linked_accounts').where('item_id', 'is not', null).execute();
      // SQLite refuses to drop a column that carries a foreign key; there the (empty) column stays.
      if (dialect === 'postgres')
        await db.schema.alterTable('linked_accounts').dropColumn('item_id').execute();
      await db.schema.dropTable('brand_redirects').execute();
      await db.schema.dropTable('plaid_items').execute();
    },
  };
}

const COPIED_COLUMNS = [
  'id',
  'brand_id',
  'account_id',
  'owner_id',
  'status',
  'verification_status',
  'institution_id',
  'bank_name',
  'account_name',
  'account_type',
  'account_category',
  'mask',
  'routing_number_enc',
  'account_number_enc',
  'fingerprint',
  'processor_token_enc',
  'plaid_account_id',
  'created_at',
  'updated_at',
  'removed_at',
  'token_fingerprint',
];

/** SQLite cannot drop NOT NULL in place: the table is rebuilt, rows copied, indexes recreated. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
async function rebuildLinkedAccountsForSqlite(db: Kysely<any>, timestamp: ColumnDataType): Promise<void> {
  await db.schema
    .createTable('linked_accounts_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull().references('brands.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('owners.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', LINK_STATUSES)))
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
    .addColumn('processor_token_enc', 'text')
    .addColumn('plaid_account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('updated_at', timestamp, (c) => c.notNull())
    .addColumn('removed_at', timestamp)
    .addColumn('token_fingerprint', 'text')
    .addColumn('item_id', 'text', (c) => c.references('plaid_items.id').onDelete('cascade'))
    .execute();
  const columns = sql.join(COPIED_COLUMNS.map((c) => sql.ref(c)));
  await sql`insert into linked_accounts_next (${columns}) select ${columns} from linked_accounts`.execute(db);
  await db.schema.dropTable('linked_accounts').execute();
  await db.schema.alterTable('linked_accounts_next').renameTo('linked_accounts').execute();
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
  await db.schema
    .createIndex('linked_accounts_live_fingerprint_idx')
    .on('linked_accounts')
    .columns(['brand_id', 'owner_id', 'fingerprint'])
    .unique()
    .where(sql.ref('status'), '<>', 'removed')
    .execute();
  await db.schema
    .createIndex('linked_accounts_token_fingerprint_idx')
    .on('linked_accounts')
    .columns(['brand_id', 'token_fingerprint'])
    .execute();
}
