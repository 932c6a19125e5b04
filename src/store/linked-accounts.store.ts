import { sql } from 'kysely';
import { preparedQuery } from '../lib/prepared-query.js';
import type { Db } from './db.js';
import type { LinkedAccountStatus, LinkedAccountsTable } from './schema.js';

/** Linked external accounts, whichever way they were linked (a processor token, or an Item held). */

/**
 * `status <> 'removed'` with the value written into the SQL, not bound: the live-fingerprint index is
 * partial on exactly that condition, and a planner may use it only when a query states it literally.
 * With the value as a parameter, SQLite searched by brand alone and read every link of the brand.
 */
const REMOVED = sql.lit<LinkedAccountStatus>('removed');

export type LinkedAccountChanges = Partial<Omit<LinkedAccountsTable, 'id' | 'brand_id'>>;

/**
 * Whether an insert failed on the one-live-link-per-bank-account rule: two links of the same bank
 * account for one owner at once, of which the database let one through.
 */
export function isDuplicateLinkError(error: unknown): boolean {
  return /linked_accounts_live_fingerprint_idx|UNIQUE constraint failed: linked_accounts/.test(String(error));
}

export async function insertLinkedAccount(db: Db, row: LinkedAccountsTable): Promise<void> {
  await db.insertInto('linked_accounts').values(row).execute();
}

export async function findLinkedAccount(
  db: Db,
  brandId: string,
  id: string,
): Promise<LinkedAccountsTable | undefined> {
  return db
    .selectFrom('linked_accounts')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The live (not removed) link of this bank account for this owner, if any. */
const selectLiveByFingerprint = preparedQuery(
  (db: Db, brandId: string, ownerId: string, fingerprint: string) =>
    db
      .selectFrom('linked_accounts')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('owner_id', '=', ownerId)
      .where('fingerprint', '=', fingerprint)
      .where('status', '<>', REMOVED),
);

export async function findLiveByFingerprint(
  db: Db,
  brandId: string,
  ownerId: string,
  fingerprint: string,
): Promise<LinkedAccountsTable | undefined> {
  return (await selectLiveByFingerprint(db, brandId, ownerId, fingerprint))[0];
}

export async function updateLinkedAccount(
  db: Db,
  brandId: string,
  id: string,
  changes: LinkedAccountChanges,
): Promise<void> {
  await db
    .updateTable('linked_accounts')
    .set(changes)
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .execute();
}

/** Like updateLinkedAccount, only while the link is not removed; returns whether it was changed. */
export async function updateLiveLinkedAccount(
  db: Db,
  brandId: string,
  id: string,
  changes: LinkedAccountChanges,
): Promise<boolean> {
  const result = await db
    .updateTable('linked_accounts')
    .set(changes)
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .where('status', '<>', REMOVED)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export type LinkedAccountWithLogo = LinkedAccountsTable & { bank_logo: string | null };

/** The live links of a card account (or of an owner), oldest first, each with its bank's logo. */
export async function listLiveLinkedAccounts(
  db: Db,
  brandId: string,
  scope: { accountId: string } | { ownerId: string },
): Promise<LinkedAccountWithLogo[]> {
  return db
    .selectFrom('linked_accounts as l')
    .leftJoin('institutions as i', 'i.id', 'l.institution_id')
    .selectAll('l')
    .select('i.logo as bank_logo')
    .where('l.brand_id', '=', brandId)
    .$if('accountId' in scope, (q) =>
      q.where('l.account_id', '=', 'accountId' in scope ? scope.accountId : ''),
    )
    .$if('ownerId' in scope, (q) => q.where('l.owner_id', '=', 'ownerId' in scope ? scope.ownerId : ''))
    .where('l.status', '<>', REMOVED)
    .orderBy('l.id')
    .execute();
}

/** Every live link of a Plaid account, whichever brand holds it (Plaid's webhooks name only the account). */
export async function listLiveByPlaidAccount(db: Db, plaidAccountId: string): Promise<LinkedAccountsTable[]> {
  return db
    .selectFrom('linked_accounts')
    .selectAll()
    .where('plaid_account_id', '=', plaidAccountId)
    .where('status', '<>', REMOVED)
    .execute();
}

/** Whether a removed link of this brand was made with the token of this fingerprint. */
export async function isTokenOfRemovedLink(
  db: Db,
  brandId: string,
  tokenFingerprint: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('linked_accounts')
    .select('id')
    .where('brand_id', '=', brandId)
    .where('token_fingerprint', '=', tokenFingerprint)
    .where('status', '=', 'removed')
    .executeTakeFirst();
  return row !== undefined;
}

/** The accounts of held Items, every status, oldest first. */
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

/** Whether a held Item has an account that is not removed. */
export async function hasOpenAccount(db: Db, brandId: string, itemId: string): Promise<boolean> {
  const row = await db
    .selectFrom('linked_accounts')
    .select('id')
    .where('brand_id', '=', brandId)
    .where('item_id', '=', itemId)
    .where('status', '<>', REMOVED)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Moves a held Item's accounts to `status`, except those removed, revoked or already there;
 * returns how many moved.
 */
export async function setItemAccountsStatus(
  db: Db,
  brandId: string,
  itemId: string,
  status: LinkedAccountStatus,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('linked_accounts')
    .set({ status, updated_at: now })
    .where('brand_id', '=', brandId)
    .where('item_id', '=', itemId)
    .where('status', 'not in', ['removed', 'revoked', status])
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
