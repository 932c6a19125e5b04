import type { Compilable, CompiledQuery, Kysely } from 'kysely';

/**
 * For the hottest reads: the query is built and compiled once per database and then run with fresh
 * parameter values, skipping Kysely's builder and compiler on every call. `build` gets one
 * placeholder per argument and must bind each as a parameter; a query with any other bound value is
 * refused when first used.
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
    const result = await db.executeQuery<Row>({ ...entry.compiled, parameters });
    return result.rows;
  };
}
