import { sql } from 'kysely';
import type { Tx } from './tx.js';

/**
 * Every column that holds a value sealed under the master key, with how its associated data is
 * formed (lib/crypto.ts CipherContext: brand, row, column name). A new sealed column belongs here,
 * or a master key rotation leaves it behind (the rotation test checks every table that has one).
 */
export interface SealedColumn {
  table: string;
  column: string;
  /** The column name the value was sealed under. */
  aad: string;
  /** The brand column, or null where values are sealed with an empty brand (platform rows). */
  brandColumn: string | null;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'linked_accounts', column: 'routing_number_enc', aad: 'routing_number', brandColumn: 'brand_id' },
  { table: 'linked_accounts', column: 'account_number_enc', aad: 'account_number', brandColumn: 'brand_id' },
  {
    table: 'linked_accounts',
    column: 'processor_token_enc',
    aad: 'processor_token',
    brandColumn: 'brand_id',
  },
  { table: 'plaid_items', column: 'access_token_enc', aad: 'access_token', brandColumn: 'brand_id' },
  { table: 'webhook_endpoints', column: 'secret_enc', aad: 'secret', brandColumn: 'brand_id' },
  {
    table: 'webhook_endpoints',
    column: 'previous_secret_enc',
    aad: 'previous_secret',
    brandColumn: 'brand_id',
  },
  { table: 'insight_links', column: 'token_enc', aad: 'processor_token', brandColumn: 'brand_id' },
  { table: 'ach_files', column: 'content_enc', aad: 'content', brandColumn: null },
];

export interface SealedValue {
  id: string;
  brandId: string;
  value: string;
}

/** One page of a column's sealed values, in id order after `afterId`. */
export async function listSealedValues(
  tx: Tx,
  col: SealedColumn,
  afterId: string,
  limit: number,
): Promise<SealedValue[]> {
  const brand = col.brandColumn ? sql.ref(col.brandColumn) : sql.lit('');
  const { rows } = await sql<SealedValue>`
    select id, ${brand} as "brandId", ${sql.ref(col.column)} as value
    from ${sql.table(col.table)}
    where ${sql.ref(col.column)} is not null and ${sql.ref(col.column)} <> '' and id > ${afterId}
    order by id
    limit ${limit}`.execute(tx);
  return rows;
}

export async function updateSealedValue(tx: Tx, col: SealedColumn, id: string, value: string): Promise<void> {
  await sql`update ${sql.table(col.table)} set ${sql.ref(col.column)} = ${value} where id = ${id}`.execute(
    tx,
  );
}
