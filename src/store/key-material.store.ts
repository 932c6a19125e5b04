import { sql } from 'kysely';
import type { Db } from './db.js';
import { isPostgres, type Tx } from './tx.js';

/** Keys kept in the database, sealed under the master key (migration 0010). */

async function hasTable(db: Db): Promise<boolean> {
  const query = isPostgres(db)
    ? sql<{ found: string | null }>`select to_regclass('key_material')::text as found`
    : sql<{
        found: string | null;
      }>`select name as found from sqlite_master where type = 'table' and name = 'key_material'`;
  const { rows } = await query.execute(db);
  const found = rows[0]?.found;
  return found !== undefined && found !== null;
}

/**
 * The sealed key of that name, or undefined. Read when a process starts, which may be before
 * `linkport migrate` ran: a database without the table has never had its master key rotated.
 */
export async function readKeyMaterial(db: Db, name: string): Promise<string | undefined> {
  if (!(await hasTable(db))) return undefined;
  const row = await db
    .selectFrom('key_material')
    .select('sealed')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.sealed;
}

export async function writeKeyMaterial(tx: Tx, name: string, sealed: string, now: string): Promise<void> {
  await tx
    .insertInto('key_material')
    .values({ name, sealed, updated_at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ sealed, updated_at: now }))
    .execute();
}

/**
 * Keeps a sealed key of that name unless one is kept already (a concurrent start's wins); false when
 * the table does not exist yet (before `linkport migrate`).
 */
export async function keepKeyMaterial(db: Db, name: string, sealed: string, now: string): Promise<boolean> {
  if (!(await hasTable(db))) return false;
  await db
    .insertInto('key_material')
    .values({ name, sealed, updated_at: now })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return true;
}
