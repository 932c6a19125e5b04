import { type Compilable, type CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config.js';
import { openSqliteDatabase } from '../lib/sqlite.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  dialect: Dialect;
  /** Human-readable location, for the start banner; never contains a password. */
  location: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL only: the schema to work in (tests use a scratch schema each). */
  searchPath?: string;
  poolSize?: number;
}

export async function openStore(target: DatabaseTarget, options: OpenStoreOptions = {}): Promise<Store> {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url, options);
}

function openSqlite(file: string): Store {
  const { database, inMemory } = openSqliteDatabase(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
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
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) => {
        if (oid === PG_TYPE_TIMESTAMPTZ || oid === PG_TYPE_TIMESTAMP) return toIso;
        if (oid === PG_TYPE_INT8) return toSafeInteger;
        return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
      }) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  const parsed = new URL(url);
  return {
    db,
    dialect: 'postgres',
    location: `PostgreSQL ${parsed.host}${parsed.pathname}`,
    close: () => db.destroy(),
  };
}

/** Cheap liveness probe for /readyz. */
export async function pingStore(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}

/**
 * For the hottest reads: the query is built and compiled once per database and then run with fresh
 * parameter values, skipping Kysely's builder and compiler on every call. `build` gets one
 * placeholder per argument and must bind each as a parameter; a query with any other bound value is
 * refused when first used.
 */
export function preparedQuery<Args extends string[], Row>(
  build: (db: Db, ...placeholders: Args) => Compilable<Row>,
): (db: Db, ...args: Args) => Promise<Row[]> {
  const compiledFor = new WeakMap<Db, { compiled: CompiledQuery<Row>; positions: number[] }>();
  return async (db, ...args) => {
    let entry = compiledFor.get(db);
    if (!entry) {
      const placeholders = args.map((_, i) => `\u0000placeholder:${i}\u0000`) as Args;
      const compiled = build(db, ...placeholders).compile();
      const positions = compiled.parameters.map((value) => placeholders.indexOf(value as string));
      if (positions.includes(-1))
        throw new Error(`prepared query binds a value it was not given: ${compiled.sql}`);
      entry = { compiled, positions };
      compiledFor.set(db, entry);
    }
    const parameters = entry.positions.map((i) => args[i]);
    const result = await db.executeQuery<Row>({ ...entry.compiled, parameters });
    return result.rows;
  };
}
