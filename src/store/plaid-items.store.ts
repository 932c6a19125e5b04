import type { Db } from './db.js';
import type { PlaidItemsTable } from './schema.js';
import { lockedRead } from './tx.js';

/** The Plaid Items Linkport holds (hosted linking). */

export type ItemChanges = Partial<Omit<PlaidItemsTable, 'id' | 'brand_id'>>;

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

export async function updateItem(db: Db, brandId: string, id: string, changes: ItemChanges): Promise<void> {
  await db
    .updateTable('plaid_items')
    .set(changes)
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .execute();
}

/**
 * Moves an Item only from the state it was read in (status and both flags), so that of two
 * changes racing (webhooks, reads of Plaid) one moves it. Returns whether it moved.
 */
export async function moveItemFrom(db: Db, seen: PlaidItemsTable, changes: ItemChanges): Promise<boolean> {
  const moved = await db
    .updateTable('plaid_items')
    .set(changes)
    .where('brand_id', '=', seen.brand_id)
    .where('id', '=', seen.id)
    .where('status', '=', seen.status)
    .where('is_login_required', '=', seen.is_login_required)
    .where('new_accounts_available', '=', seen.new_accounts_available)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) > 0;
}

/**
 * Locks a held Item's row for the rest of the transaction and returns it as it is now. Everything
 * that opens or closes an Item's accounts locks it first, so "was that its last account?" has one
 * answer.
 */
export async function lockItem(
  tx: Db,
  brandId: string,
  itemId: string,
): Promise<PlaidItemsTable | undefined> {
  return lockedRead(
    tx,
    tx.selectFrom('plaid_items').selectAll().where('brand_id', '=', brandId).where('id', '=', itemId),
  ).executeTakeFirst();
}
