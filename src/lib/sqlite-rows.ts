import type SQLite from 'better-sqlite3';
import type { SqliteStatement } from 'kysely';

type Values = unknown[];
type RowBuilder = (values: Values) => Record<string, unknown>;

/**
 * better-sqlite3 builds each result row property by property through V8's slow path; that was the
 * larger part of a point lookup. Read as arrays (`raw` mode) and made into objects by a function
 * compiled once per column list, the rows are the same objects (same keys, same order, a later
 * duplicate name wins as before) at about half the cost.
 */
function compileRowBuilder(columns: readonly string[]): RowBuilder {
  // Keys are JSON-quoted and computed, so no column name can be read as code or as __proto__.
  const fields = columns.map((name, i) => `[${JSON.stringify(name)}]: v[${i}]`).join(', ');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiled from quoted column names only
  return new Function('v', `return { ${fields} };`) as RowBuilder;
}

/**
 * A reading statement (a select, or a write with RETURNING) whose rows come back as `raw` arrays made
 * into objects by a compiled builder. The column list is the one the statement had when prepared; a
 * row whose length differs (the schema changed under a cached statement) gets a fresh builder.
 */
export function withFastRows(statement: SQLite.Statement): SqliteStatement {
  if (!statement.reader) return statement;
  let columns = statement.columns().map((c) => c.name);
  let build = compileRowBuilder(columns);
  statement.raw(true);
  const toRow = (values: Values): Record<string, unknown> => {
    if (values.length !== columns.length) {
      columns = statement.columns().map((c) => c.name);
      build = compileRowBuilder(columns);
    }
    return build(values);
  };
  return {
    reader: true,
    all: (parameters) => (statement.all(parameters) as Values[]).map(toRow),
    *iterate(parameters) {
      for (const values of statement.iterate(parameters) as IterableIterator<Values>) yield toRow(values);
    },
    run: (parameters) => statement.run(parameters),
  };
}
