import type { Db } from './db.js';
import type { OwnerKind, OwnersTable } from './schema.js';

export async function insertOwner(db: Db, row: OwnersTable): Promise<void> {
  await db.insertInto('owners').values(row).execute();
}

export async function findOwner(
  db: Db,
  brandId: string,
  kind: OwnerKind,
  id: string,
): Promise<OwnersTable | undefined> {
  return db
    .selectFrom('owners')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('kind', '=', kind)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Keyset page in id order (ids are time-ordered); fetches one extra row to know whether more follow. */
export async function listOwners(
  db: Db,
  brandId: string,
  kind: OwnerKind,
  page: { limit: number; startingAfter?: string | undefined },
): Promise<{ rows: OwnersTable[]; hasMore: boolean }> {
  let query = db.selectFrom('owners').selectAll().where('brand_id', '=', brandId).where('kind', '=', kind);
  if (page.startingAfter) query = query.where('id', '>', page.startingAfter);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
