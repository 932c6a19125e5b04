import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from './sqlite.js';

const opened: Array<{ close(): void }> = [];

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** The same schema and rows in a plain better-sqlite3 handle and in Linkport's (row-building) one. */
function twoDatabases(setup: string[]) {
  const plain = new SQLite(':memory:');
  const { database } = openSqliteDatabase(':memory:');
  opened.push(plain, database);
  for (const statement of setup) {
    plain.prepare(statement).run();
    database.prepare(statement).run([]);
  }
  const both = (query: string, parameters: unknown[] = []) => ({
    expected: plain.prepare(query).all(parameters),
    actual: database.prepare(query).all(parameters),
  });
  return { database, both };
}

describe('rows built from raw arrays', () => {
  const setup = [
    'create table t (id text primary key, n integer, r real, b blob, missing text)',
    "insert into t values ('a', 9007199254740991, 1.5, x'0102', null)",
    "insert into t values ('b', -1, 0, null, 'x')",
  ];

  it('are the objects better-sqlite3 makes: same keys, order, values and types', () => {
    const { both } = twoDatabases(setup);
    for (const query of [
      'select * from t order by id',
      'select missing, id, n as "weird name ""quoted""", r from t order by id desc',
      'select count(*) as c from t',
      'select * from t where id = ?',
    ]) {
      const { expected, actual } = both(query, query.includes('?') ? ['a'] : []);
      expect(actual).toStrictEqual(expected);
      expect(actual.map((row) => Object.keys(row as object))).toEqual(
        expected.map((row) => Object.keys(row as object)),
      );
    }
  });

  it('keep a duplicate column name once, with the later value, as better-sqlite3 does', () => {
    const { both } = twoDatabases(setup);
    const { expected, actual } = both("select id, n as id, 'z' as other from t order by t.id");
    expect(actual).toStrictEqual(expected);
    expect(actual[0]).toEqual({ id: 9007199254740991, other: 'z' });
  });

  it('never treat a column name as code or as the prototype', () => {
    const { both } = twoDatabases(setup);
    const { actual } = both('select id as "__proto__", id as "}; throw 1; //", n as "constructor" from t');
    const row = actual[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row)).toEqual(['__proto__', '}; throw 1; //', 'constructor']);
    expect(row['}; throw 1; //']).toBe('a');
  });

  it('follow the schema when it changes under a cached statement', () => {
    const { database, both } = twoDatabases(setup);
    expect(both('select * from t where id = ?', ['a']).actual).toEqual([
      { id: 'a', n: 9007199254740991, r: 1.5, b: Buffer.from([1, 2]), missing: null },
    ]);
    database.prepare('alter table t add column added text').run([]);
    database.prepare("update t set added = 'new'").run([]);
    const rows = database.prepare('select * from t where id = ?').all(['a']);
    expect(rows).toEqual([
      { id: 'a', n: 9007199254740991, r: 1.5, b: Buffer.from([1, 2]), missing: null, added: 'new' },
    ]);
    database.prepare('alter table t rename column missing to renamed').run([]);
    expect(Object.keys(database.prepare('select * from t where id = ?').all(['a'])[0] as object)).toContain(
      'renamed',
    );
  });

  it('are streamed by iterate as by all, and writes with RETURNING give rows too', () => {
    const { database } = twoDatabases(setup);
    const iterated = [...database.prepare('select id, n from t order by id').iterate([])];
    expect(iterated).toEqual([
      { id: 'a', n: 9007199254740991 },
      { id: 'b', n: -1 },
    ]);
    const returned = database.prepare("insert into t (id, n) values ('c', 3) returning id, n").all([]);
    expect(returned).toEqual([{ id: 'c', n: 3 }]);
    const run = database.prepare("insert into t (id) values ('d')").run([]);
    expect(run.changes).toBe(1);
  });
});
