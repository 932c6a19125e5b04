import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect as KyselyDialect,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type SqliteDatabase,
  sql,
} from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config.js';
import { allowDirectReads } from '../lib/prepared-query.js';
import { openSqliteDatabase } from '../lib/sqlite.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: Dialect;
  /** Human-readable location, for the start banner; never contains a password. */
  location: string;
  /** PostgreSQL's connection pool, for /metrics: open, idle, and requests waiting for a connection. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL only: the schema to work in (tests use a scratch schema each). */
  searchPath?: string;
  poolSize?: number;
  /**
   * PostgreSQL only: hears an error on a pooled connection outside a query (the server restarted or
   * the network dropped it). The pool discards that connection and the next query opens a new one.
   */
  onConnectionError?: (error: Error) => void;
}

/** How long a query waits for a new PostgreSQL connection before failing as unavailable. */
const PG_CONNECT_TIMEOUT_MS = 5000;

export async function openStore(target: DatabaseTarget, options: OpenStoreOptions = {}): Promise<Store> {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url, options);
}

/**
 * SQLite transactions begin IMMEDIATE: the write lock is taken at BEGIN, so a transaction that reads
 * then writes can neither deadlock with another process upgrading its lock nor act on a read
 * another writer changed in between (the ledger's balance checks rely on it).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

function immediateSqliteDialect(database: SqliteDatabase): KyselyDialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver({ database }),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

function openSqlite(file: string): Store {
  const { database, inMemory } = openSqliteDatabase(file);
  const db = new Kysely<Database>({ dialect: immediateSqliteDialect(database) });
  allowDirectReads(db, database);
  return {
    db,
    dialect: 'sqlite',
    location: inMemory ? 'SQLite (in memory)' : `SQLite ${file}`,
    close: () => db.destroy(),
  };
}

const PG_TYPE_INT8 = 20;
const PG_TYPE_TIMESTAMP = 1114;
const PG_TYPE_TIMESTAMPTZ = 1184;

function toIso(value: string): string {
  return new Date(value).toISOString();
}

function toSafeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint value ${value} exceeds the safe integer range`);
  return n;
}

async function openPostgres(url: string, options: OpenStoreOptions): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) => {
        if (oid === PG_TYPE_TIMESTAMPTZ || oid === PG_TYPE_TIMESTAMP) return toIso;
        if (oid === PG_TYPE_INT8) return toSafeInteger;
        return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
      }) as typeof pg.types.getTypeParser,
    },
  });
  // Without listeners, a connection's error (idle in the pool, or checked out between two queries)
  // would be thrown as an unhandled 'error' event and end the process. A failed connection is not
  // queryable: its next query fails (a 503) and the pool drops it when it is released.
  const onError = (error: Error) => options.onConnectionError?.(error);
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  const parsed = new URL(url);
  return {
    db,
    dialect: 'postgres',
    location: `PostgreSQL ${parsed.host}${parsed.pathname}`,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => db.destroy(),
  };
}

/** Cheap liveness probe for /readyz. */
export async function pingStore(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}
