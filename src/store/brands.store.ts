import { preparedQuery } from '../lib/prepared-query.js';
import type { Db } from './db.js';
import type { ApiKeysTable, BrandsTable } from './schema.js';

export async function insertBrandWithKey(
  db: Db,
  brand: Pick<BrandsTable, 'id' | 'name' | 'created_at'>,
  key: ApiKeysTable,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('brands')
      .values({ ...brand, plaid_integration: 0, identity_match: 0, identity_match_threshold: 70 })
      .execute();
    await tx.insertInto('api_keys').values(key).execute();
  });
}

export async function findActiveApiKey(
  db: Db,
  identity: string,
): Promise<Pick<ApiKeysTable, 'brand_id' | 'secret_hash'> | undefined> {
  return db
    .selectFrom('api_keys')
    .select(['brand_id', 'secret_hash'])
    .where('id', '=', identity)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
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
