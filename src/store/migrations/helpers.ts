import type { ColumnDataType } from 'kysely';
import type { Dialect } from '../db.js';

/** The few column types that differ between the two databases; everything else is shared SQL. */
export function columnTypes(dialect: Dialect): { timestamp: ColumnDataType; bigint: ColumnDataType } {
  return dialect === 'postgres'
    ? { timestamp: 'timestamptz', bigint: 'bigint' }
    : { timestamp: 'text', bigint: 'integer' };
}
