import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { SqliteStatement } from 'kysely';
import type { DirectSqlite } from './prepared-query.js';
import { withFastRows } from './sqlite-rows.js';

const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens a SQLite file with the guarantees Linkport relies on: WAL, synchronous=FULL, foreign keys and
 * a busy timeout, checked after they are set. Returns the handle Kysely's SqliteDialect takes, with
 * a statement cache in front.
 */
export function openSqliteDatabase(
  file: string,
  options: {
    onWrite?: () => void;
    /**
     * `full` (the default) fsyncs every commit; `normal` in WAL mode survives a crash of the
     * process but may lose the last commits on power loss (fine for the sandbox's test data).
     */
    synchronous?: 'full' | 'normal';
  } = {},
): { database: DirectSqlite; inMemory: boolean } {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) restrictToOwner(file);
  const database = new SQLite(inMemory ? ':memory:' : file);
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  if (!inMemory) database.pragma('journal_mode = WAL');
  const synchronous = options.synchronous ?? 'full';
  database.pragma(`synchronous = ${synchronous.toUpperCase()}`);
  database.pragma('foreign_keys = ON');
  verifySqlitePragmas(database, inMemory, synchronous === 'full' ? 2 : 1);
  return { database: withStatementCache(database, options.onWrite), inMemory };
}

/**
 * The database holds sealed secrets and personal data: its directory is 0700 when Linkport creates
 * it, and the file 0600 before SQLite opens it (SQLite gives its -wal and -shm files the database
 * file's mode). Files left wider by an older version are narrowed.
 */
function restrictToOwner(file: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const existing of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(existing, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

const STATEMENT_CACHE_SIZE = 256;

const TRANSACTION_CONTROL = /^\s*(begin|commit|end|rollback|savepoint|release)\b/i;

/** A schema change: cached statements (and the column lists their rows are built from) are prepared anew. */
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

/**
 * A statement that may change what a later read sees (a write, a RETURNING write, or a transaction
 * boundary: a rollback undoes what reads inside the transaction saw) reports each run.
 */
function reportingWrites(
  prepared: SQLite.Statement,
  statement: SqliteStatement,
  onWrite: () => void,
): SqliteStatement {
  if (prepared.readonly && !TRANSACTION_CONTROL.test(prepared.source)) return statement;
  return {
    reader: statement.reader,
    all: (parameters) => {
      onWrite();
      return statement.all(parameters);
    },
    iterate: (parameters) => {
      onWrite();
      return statement.iterate(parameters);
    },
    run: (parameters) => {
      onWrite();
      return statement.run(parameters);
    },
  };
}

/**
 * Kysely prepares every query anew; preparing costs about as much as running a point lookup. The
 * same SQL text (parameters are bound separately) reuses its statement. Safe because Kysely's SQLite
 * driver runs one query at a time on its single connection. A schema change is not cached and empties
 * the cache. Rows are read as arrays and built by a compiled function (sqlite-rows.ts). `onWrite`
 * hears every statement that may change the database, before it runs (for caches that must never
 * serve a stale row).
 */
function withStatementCache(database: SQLite.Database, onWrite?: () => void): DirectSqlite {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    get inTransaction() {
      return database.inTransaction;
    },
    prepare(sqlText: string) {
      let statement = cache.get(sqlText);
      if (!statement) {
        const prepared = database.prepare(sqlText);
        if (SCHEMA_CHANGE.test(sqlText)) {
          cache.clear();
          return onWrite ? reportingWrites(prepared, prepared, onWrite) : prepared;
        }
        const fast = withFastRows(prepared);
        statement = onWrite ? reportingWrites(prepared, fast, onWrite) : fast;
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
        cache.set(sqlText, statement);
      }
      return statement;
    },
  };
}

/** A pragma can be silently ignored (e.g. WAL on some filesystems); refuse to run without the guarantees. */
function verifySqlitePragmas(database: SQLite.Database, inMemory: boolean, synchronous: number): void {
  const read = (name: string) => database.pragma(name, { simple: true });
  const expected: Array<[string, unknown]> = [
    ['synchronous', synchronous],
    ['foreign_keys', 1],
    ['busy_timeout', SQLITE_BUSY_TIMEOUT_MS],
  ];
  if (!inMemory) expected.push(['journal_mode', 'wal']);
  for (const [name, want] of expected) {
    const got = read(name);
    if (got !== want) {
      database.close();
      throw new Error(`SQLite pragma ${name} is ${String(got)}, expected ${String(want)}`);
    }
  }
}
