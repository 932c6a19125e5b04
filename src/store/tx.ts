import { PostgresAdapter, type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from './db.js';
import { GroupCommit } from './group-commit.js';

/**
 * A transaction (or, where a function accepts either, the database itself). Domain code holds it
 * as an opaque handle and passes it back to store functions: every query is written here.
 */
export type Tx = Db;

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const groupCommits = new WeakMap<Db, GroupCommit>();

/**
 * Runs `work` in one transaction: committed when it returns, rolled back when it throws; the promise
 * settles once the commit is durable. On SQLite every transaction begins IMMEDIATE (see db.ts),
 * taking the write lock up front, and concurrent transactions share one commit (group-commit.ts);
 * PostgreSQL groups the commits of its connections itself.
 */
export function transact<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  if (isPostgres(db) || db.isTransaction) return db.transaction().execute(work);
  let group = groupCommits.get(db);
  if (!group) {
    group = new GroupCommit(db);
    groupCommits.set(db, group);
  }
  return group.run(work);
}

/**
 * A read that locks the rows it reads until the transaction ends: `FOR UPDATE` on PostgreSQL; on
 * SQLite the transaction already holds the database's only write lock, so the plain read is locked.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any select query, whatever its tables
export function lockedRead<Q extends SelectQueryBuilder<any, any, any>>(tx: Tx, query: Q): Q {
  return isPostgres(tx) ? (query.forUpdate() as Q) : query;
}

/**
 * Serialises the transactions that name the same thing (e.g. one brand's registration of one token)
 * until they end: a transaction-scoped advisory lock on PostgreSQL, where two transactions could
 * otherwise both find nothing and both insert; on SQLite the transaction already holds the only
 * write lock.
 */
export async function lockName(tx: Tx, name: string): Promise<void> {
  if (isPostgres(tx)) await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(tx);
}
