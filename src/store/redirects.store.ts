import type { Db } from './db.js';
import type { BrandRedirectsTable } from './schema.js';

/** The OAuth redirect URIs and Android package names each brand may open Link with. */

export async function insertRedirect(db: Db, row: BrandRedirectsTable): Promise<void> {
  await db
    .insertInto('brand_redirects')
    .values(row)
    .onConflict((oc) => oc.columns(['brand_id', 'kind', 'value']).doNothing())
    .execute();
}

export async function isRedirectAllowed(
  db: Db,
  brandId: string,
  kind: BrandRedirectsTable['kind'],
  value: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('brand_redirects')
    .select('value')
    .where('brand_id', '=', brandId)
    .where('kind', '=', kind)
    .where('value', '=', value)
    .executeTakeFirst();
  return row !== undefined;
}
