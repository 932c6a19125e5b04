import { preparedQuery } from '../lib/prepared-query.js';
import type { Db } from './db.js';
import { fetchPage, type PageRequest } from './paging.js';
import type { OwnerKind, OwnersTable } from './schema.js';

export async function insertOwner(db: Db, row: OwnersTable): Promise<void> {
  await db.insertInto('owners').values(row).execute();
}

const selectOwner = preparedQuery((db: Db, brandId: string, kind: string, id: string) =>
  db
    .selectFrom('owners')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('kind', '=', kind as OwnerKind)
    .where('id', '=', id),
);

export async function findOwner(
  db: Db,
  brandId: string,
  kind: OwnerKind,
  id: string,
): Promise<OwnersTable | undefined> {
  return (await selectOwner(db, brandId, kind, id))[0];
}

/** Keyset page in id order (ids are time-ordered). */
export async function listOwners(
  db: Db,
  brandId: string,
  kind: OwnerKind,
  page: PageRequest,
): Promise<{ rows: OwnersTable[]; hasMore: boolean }> {
  return fetchPage(page, (after, take) =>
    db
      .selectFrom('owners')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('kind', '=', kind)
      .$if(after !== undefined, (q) => q.where('id', '>', after ?? ''))
      .orderBy('id')
      .limit(take)
      .execute(),
  );
}

/** An owner of any kind, by id. */
export async function findOwnerById(db: Db, brandId: string, id: string): Promise<OwnersTable | undefined> {
  return db
    .selectFrom('owners')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
}
