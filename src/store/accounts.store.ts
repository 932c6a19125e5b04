import { preparedQuery } from '../lib/prepared-query.js';
import type { Db } from './db.js';
import type { AccountsTable } from './schema.js';

/** Card accounts: the platform accounts of customers and businesses. */

export async function insertAccount(db: Db, row: AccountsTable): Promise<void> {
  await db.insertInto('accounts').values(row).execute();
}

// The reads every link makes are compiled once (see lib/prepared-query.ts).
const selectAccount = preparedQuery((db: Db, brandId: string, id: string) =>
  db.selectFrom('accounts').selectAll().where('brand_id', '=', brandId).where('id', '=', id),
);

export async function findAccount(db: Db, brandId: string, id: string): Promise<AccountsTable | undefined> {
  return (await selectAccount(db, brandId, id))[0];
}

export const listOwnerAccounts: (db: Db, brandId: string, ownerId: string) => Promise<AccountsTable[]> =
  preparedQuery((db: Db, brandId: string, ownerId: string) =>
    db
      .selectFrom('accounts')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('owner_id', '=', ownerId)
      .orderBy('id'),
  );
