import type { Insertable } from 'kysely';
import type { Db } from './db.js';
import type { ApiKeysTable } from './schema.js';

/** A brand's API keys, the access version every key cache checks, and last-used times. */

export type ApiKeyRow = Omit<ApiKeysTable, 'name' | 'read_only'> & { name: string; read_only: number };

/** What authentication needs of a key: never the revoked ones. */
export type ActiveKey = Pick<ApiKeyRow, 'brand_id' | 'secret_hash' | 'expires_at' | 'scopes' | 'read_only'>;

export async function insertApiKey(db: Db, key: Insertable<ApiKeysTable>): Promise<void> {
  await db.insertInto('api_keys').values(key).execute();
}

export async function findActiveApiKey(db: Db, identity: string): Promise<ActiveKey | undefined> {
  return db
    .selectFrom('api_keys')
    .select(['brand_id', 'secret_hash', 'expires_at', 'scopes', 'read_only'])
    .where('id', '=', identity)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** The brand's keys, oldest first (ids are time-ordered), revoked ones included. */
export async function listApiKeys(db: Db, brandId: string): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().where('brand_id', '=', brandId).orderBy('id').execute();
}

export async function findApiKey(db: Db, brandId: string, id: string): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Marks the key revoked (once); returns whether this call revoked it. */
export async function revokeApiKey(db: Db, brandId: string, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records that these keys were used at `at`; never moves a time backwards. */
export async function touchApiKeys(db: Db, ids: string[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('api_keys')
    .set({ last_used_at: at })
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
    .execute();
}

export async function readAccessVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('access_version').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/** Inside the transaction that revokes: every process's key cache sees the new version and starts over. */
export async function bumpAccessVersion(db: Db): Promise<void> {
  await db
    .updateTable('access_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .execute();
}
