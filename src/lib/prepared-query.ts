import type { Compilable, CompiledQuery, Kysely, SqliteDatabase } from 'kysely';

/** A SQLite handle whose reads may run directly: it says whether a transaction is open on it. */
export interface DirectSqlite extends SqliteDatabase {
  readonly inTransaction: boolean;
}

const directHandles = new WeakMap<object, DirectSqlite>();

/**
 * Lets prepared reads on this Kysely instance (the database itself, never a transaction, which is
 * another instance) skip Kysely's driver: its connection lock, its promises and its result plugins
 * (the instance must have none). SQLite answers synchronously on the one connection, so a read
 * issued while no transaction is open there sees what the driver's path would see. While one is
 * open (it holds the connection across awaits), reads wait for it on the driver's path as before.
 */
export function allowDirectReads<DB>(db: Kysely<DB>, handle: DirectSqlite): void {
  directHandles.set(db, handle);
}

/**
 * For the hottest reads: the query is built and compiled once per database and then run with fresh
 * parameter values, skipping Kysely's builder and compiler on every call (and on SQLite, outside a
 * transaction, its driver too). `build` gets one placeholder per argument and must bind each as a
 * parameter; a query with any other bound value is refused when first used.
 */
export function preparedQuery<DB, Args extends string[], Row>(
  build: (db: Kysely<DB>, ...placeholders: Args) => Compilable<Row>,
): (db: Kysely<DB>, ...args: Args) => Promise<Row[]> {
  const compiledFor = new WeakMap<Kysely<DB>, { compiled: CompiledQuery<Row>; positions: number[] }>();
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
    const direct = directHandles.get(db);
    if (direct && !direct.inTransaction && entry.compiled.query.kind === 'SelectQueryNode')
      return direct.prepare(entry.compiled.sql).all(parameters) as Row[];
    const result = await db.executeQuery<Row>({ ...entry.compiled, parameters });
    return result.rows;
  };
}
