import type { Db } from './db.js';
import type { AdminTokensTable } from './schema.js';

/** Named operator tokens; only a hash of each is kept. */

export async function insertAdminToken(db: Db, row: AdminTokensTable): Promise<void> {
  await db.insertInto('admin_tokens').values(row).execute();
}

export async function findAdminTokenByName(db: Db, name: string): Promise<AdminTokensTable | undefined> {
  return db.selectFrom('admin_tokens').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The live token with this hash (the hash is of a 256-bit random secret, so it is a safe lookup key). */
export async function findActiveAdminToken(db: Db, tokenHash: string): Promise<AdminTokensTable | undefined> {
  return db
    .selectFrom('admin_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function listAdminTokens(db: Db): Promise<AdminTokensTable[]> {
  return db.selectFrom('admin_tokens').selectAll().orderBy('id').execute();
}

/** Returns whether this call revoked it. */
export async function revokeAdminToken(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('admin_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
