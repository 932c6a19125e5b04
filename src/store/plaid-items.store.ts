import type { Db } from './db.js';
import type { BrandRedirectsTable, LinkedAccountsTable, PlaidItemsTable } from './schema.js';

export async function insertItem(db: Db, row: PlaidItemsTable): Promise<void> {
  await db.insertInto('plaid_items').values(row).execute();
}

/** The brand's Item by Plaid's item id, whatever its status. */
export async function findItem(
  db: Db,
  brandId: string,
  plaidItemId: string,
): Promise<PlaidItemsTable | undefined> {
  return db
    .selectFrom('plaid_items')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('plaid_item_id', '=', plaidItemId)
    .executeTakeFirst();
}

export async function findItemById(
  db: Db,
  brandId: string,
  id: string,
): Promise<PlaidItemsTable | undefined> {
  return db
    .selectFrom('plaid_items')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Whichever brand holds it: Plaid's webhooks and a repeated exchange name only the Item. */
export async function findItemAnyBrand(db: Db, plaidItemId: string): Promise<PlaidItemsTable | undefined> {
  return db.selectFrom('plaid_items').selectAll().where('plaid_item_id', '=', plaidItemId).executeTakeFirst();
}

/** The owner's Items that are not removed, oldest first. */
export async function listOwnerItems(db: Db, brandId: string, ownerId: string): Promise<PlaidItemsTable[]> {
  return db
    .selectFrom('plaid_items')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('owner_id', '=', ownerId)
    .where('status', '<>', 'removed')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function updateItem(
  db: Db,
  brandId: string,
  id: string,
  changes: Partial<Omit<PlaidItemsTable, 'id' | 'brand_id'>>,
): Promise<void> {
  await db
    .updateTable('plaid_items')
    .set(changes)
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .execute();
}

/** The Items' accounts, every status, oldest first. */
export async function listItemAccounts(
  db: Db,
  brandId: string,
  itemIds: readonly string[],
): Promise<LinkedAccountsTable[]> {
  if (itemIds.length === 0) return [];
  return db
    .selectFrom('linked_accounts')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('item_id', 'in', itemIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Whether the Item has an account that is not removed. */
export async function hasOpenAccount(db: Db, brandId: string, itemId: string): Promise<boolean> {
  const row = await db
    .selectFrom('linked_accounts')
    .select('id')
    .where('brand_id', '=', brandId)
    .where('item_id', '=', itemId)
    .where('status', '<>', 'removed')
    .executeTakeFirst();
  return row !== undefined;
}

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
