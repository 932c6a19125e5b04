import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allowDirectReads, preparedQuery } from './prepared-query.js';
import { openSqliteDatabase } from './sqlite.js';

interface TestDb {
  t: { id: string; v: string };
}

const open: Array<Kysely<TestDb>> = [];

afterEach(async () => {
  for (const db of open.splice(0)) await db.destroy();
});

async function directDatabase(): Promise<Kysely<TestDb>> {
  const { database } = openSqliteDatabase(':memory:');
  const db = new Kysely<TestDb>({ dialect: new SqliteDialect({ database }) });
  allowDirectReads(db, database);
  open.push(db);
  await db.schema
    .createTable('t')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('v', 'text')
    .execute();
  await db.insertInto('t').values({ id: 'a', v: 'first' }).execute();
  return db;
}

const selectT = preparedQuery((db: Kysely<TestDb>, id: string) =>
  db.selectFrom('t').select(['id', 'v']).where('id', '=', id),
);

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('prepared reads run directly on SQLite', () => {
  it('answer as the driver does, with fresh parameters each call, without the driver', async () => {
    const db = await directDatabase();
    const viaDriver = vi.spyOn(db, 'executeQuery');
    expect(await selectT(db, 'a')).toEqual([{ id: 'a', v: 'first' }]);
    expect(await selectT(db, 'missing')).toEqual([]);
    expect(viaDriver).not.toHaveBeenCalled();
  });

  it('never see the writes of a transaction still open on the connection', async () => {
    const db = await directDatabase();
    const written = deferred();
    const release = deferred();
    const transaction = db
      .transaction()
      .execute(async (tx) => {
        await tx.insertInto('t').values({ id: 'b', v: 'uncommitted' }).execute();
        await tx.updateTable('t').set({ v: 'changed' }).where('id', '=', 'a').execute();
        written.resolve();
        await release.promise;
        throw new Error('roll back');
      })
      .catch(() => 'rolled back');
    await written.promise;
    const readDuring = Promise.all([selectT(db, 'b'), selectT(db, 'a')]);
    release.resolve();
    expect(await transaction).toBe('rolled back');
    expect(await readDuring).toEqual([[], [{ id: 'a', v: 'first' }]]);
  });

  it('inside a transaction, read through it and see its own writes', async () => {
    const db = await directDatabase();
    const seen = await db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ id: 'c', v: 'mine' }).execute();
      return selectT(tx, 'c');
    });
    expect(seen).toEqual([{ id: 'c', v: 'mine' }]);
  });
});
