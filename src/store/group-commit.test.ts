import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../lib/sqlite.js';
import type { Db } from './db.js';
import { transact } from './tx.js';

/** A SQLite file opened as Linkport opens it (WAL, synchronous=FULL), counting the commits it makes. */
function openCounting(file: string) {
  const counts = { commits: 0 };
  const { database } = openSqliteDatabase(file);
  const db = new Kysely<unknown>({
    dialect: new SqliteDialect({ database }),
    log: (event) => {
      if (event.level === 'query' && /^\s*commit\b/i.test(event.query.sql)) counts.commits += 1;
    },
  }) as unknown as Db;
  return { db, counts };
}

const insert = (tx: Db, id: string, n = 0) => sql`insert into t (id, n) values (${id}, ${n})`.execute(tx);

describe('group commit on SQLite', () => {
  let dir: string;
  let file: string;
  let db: Db;
  let counts: { commits: number };
  /** Another connection to the same file: what a second process would see. */
  let observer: SQLite.Database;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'linkport-group-'));
    file = path.join(dir, 'linkport.db');
    ({ db, counts } = openCounting(file));
    await sql`create table t (id text primary key, n integer not null)`.execute(db);
    await sql`create table parent (id text primary key)`.execute(db);
    await sql`create table child (id text primary key, parent_id text not null references parent (id) deferrable initially deferred)`.execute(
      db,
    );
    observer = new SQLite(file, { readonly: true });
    counts.commits = 0;
  });
  afterEach(async () => {
    observer.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const committed = (id: string) => observer.prepare('select id from t where id = ?').get(id) !== undefined;

  it('answers each caller only once its write is committed, sharing commits between concurrent ones', async () => {
    const seenAtAnswer = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        transact(db, (tx) => insert(tx, `row-${i}`)).then(() => committed(`row-${i}`)),
      ),
    );
    expect(seenAtAnswer).toEqual(Array.from({ length: 50 }, () => true));
    expect(counts.commits).toBeGreaterThanOrEqual(1);
    expect(counts.commits).toBeLessThan(50);
  });

  it('runs concurrent transactions one after another, each seeing the writes before it', async () => {
    await insert(db, 'counter', 0);
    await Promise.all(
      Array.from({ length: 100 }, () =>
        transact(db, async (tx) => {
          const { rows } = await sql<{ n: number }>`select n from t where id = 'counter'`.execute(tx);
          await sql`update t set n = ${(rows[0]?.n ?? 0) + 1} where id = 'counter'`.execute(tx);
        }),
      ),
    );
    expect(observer.prepare("select n from t where id = 'counter'").get()).toEqual({ n: 100 });
  });

  it('rolls back only the transaction that fails, and gives its caller its own error', async () => {
    await insert(db, 'taken');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        transact(db, async (tx) => {
          await insert(tx, `row-${i}`);
          if (i === 4) await insert(tx, 'taken');
          return i;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(
      Array.from({ length: 10 }, (_, i) => (i === 4 ? 'rejected' : 'fulfilled')),
    );
    expect(String((outcomes[4] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed: t.id/);
    expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value)).toEqual([
      0, 1, 2, 3, 5, 6, 7, 8, 9,
    ]);
    expect(committed('row-4')).toBe(false);
    expect(committed('row-3') && committed('row-5')).toBe(true);
  });

  it('tells every caller of a batch whose commit fails, and keeps none of its writes', async () => {
    const outcomes = await Promise.allSettled([
      transact(db, (tx) => insert(tx, 'before')),
      // A deferred foreign key is checked at the commit, which it fails.
      transact(db, (tx) => sql`insert into child (id, parent_id) values ('c', 'missing')`.execute(tx)),
      transact(db, (tx) => insert(tx, 'after')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(committed('before') || committed('after')).toBe(false);
    // The connection is usable afterwards.
    await transact(db, (tx) => insert(tx, 'later'));
    expect(committed('later')).toBe(true);
  });
});
