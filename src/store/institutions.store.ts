import { preparedQuery } from '../lib/prepared-query.js';
import type { Db } from './db.js';
import type { InstitutionsTable } from './schema.js';

/** Banks' names and logos as Plaid reports them, shared by every brand. */

const selectInstitution = preparedQuery((db: Db, id: string) =>
  db.selectFrom('institutions').selectAll().where('id', '=', id),
);

export async function findInstitution(db: Db, id: string): Promise<InstitutionsTable | undefined> {
  return (await selectInstitution(db, id))[0];
}

export async function upsertInstitution(db: Db, row: InstitutionsTable): Promise<void> {
  await db
    .insertInto('institutions')
    .values(row)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ name: row.name, logo: row.logo, updated_at: row.updated_at }),
    )
    .execute();
}
