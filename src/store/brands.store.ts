import type { Insertable } from 'kysely';
import { preparedQuery } from '../lib/prepared-query.js';
import { insertApiKey } from './api-keys.store.js';
import type { Db } from './db.js';
import type { ApiKeysTable, BrandsTable } from './schema.js';

export async function insertBrand(
  db: Db,
  brand: Pick<BrandsTable, 'id' | 'name' | 'created_at'>,
): Promise<void> {
  await db
    .insertInto('brands')
    .values({ ...brand, plaid_integration: 0, identity_match: 0, identity_match_threshold: 70 })
    .execute();
}

/** A brand and its first key in one transaction of their own (fixtures; the domain audits its own). */
export async function insertBrandWithKey(
  db: Db,
  brand: Pick<BrandsTable, 'id' | 'name' | 'created_at'>,
  key: Insertable<ApiKeysTable>,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await insertBrand(tx, brand);
    await insertApiKey(tx, key);
  });
}

export async function listBrands(db: Db): Promise<BrandsTable[]> {
  return db.selectFrom('brands').selectAll().orderBy('id').execute();
}

export async function countBrands(db: Db): Promise<number> {
  const row = await db
    .selectFrom('brands')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const selectBrand = preparedQuery((db: Db, brandId: string) =>
  db.selectFrom('brands').selectAll().where('id', '=', brandId),
);

export async function findBrand(db: Db, brandId: string): Promise<BrandsTable | undefined> {
  return (await selectBrand(db, brandId))[0];
}

/** Returns whether the brand exists. */
export async function setPlaidIntegration(db: Db, brandId: string, enabled: boolean): Promise<boolean> {
  const result = await db
    .updateTable('brands')
    .set({ plaid_integration: enabled ? 1 : 0 })
    .where('id', '=', brandId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Returns whether the brand exists. */
export async function setIdentityMatch(
  db: Db,
  brandId: string,
  settings: { enabled: boolean; threshold: number },
): Promise<boolean> {
  const result = await db
    .updateTable('brands')
    .set({ identity_match: settings.enabled ? 1 : 0, identity_match_threshold: settings.threshold })
    .where('id', '=', brandId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The brand's largest transfer in cents (null: the configured default). Returns whether the brand exists. */
export async function setTransferLimit(db: Db, brandId: string, limitCents: number | null): Promise<boolean> {
  const result = await db
    .updateTable('brands')
    .set({ transfer_limit_cents: limitCents })
    .where('id', '=', brandId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
