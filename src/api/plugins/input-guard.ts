import type { FastifyInstance } from 'fastify';
import { AppError } from '../../lib/errors.js';

/** Nesting deeper than any request schema has: past it a value is not looked into (it fails validation). */
const MAX_DEPTH = 32;

/** The path of the first string (or key) in `value` that holds a NUL character, if any. */
export function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return undefined;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return childPath;
    const found = findNul(child, childPath, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

const WHERE = { body: 'field', query: 'query parameter', params: 'path parameter' } as const;

/**
 * No text Linkport keeps may hold a NUL character: PostgreSQL cannot store one in `text` (SQLite
 * can), so the same request would answer differently by database. Refused up front, on every
 * route, as a 400 naming the field, before anything reads or writes.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    for (const part of ['params', 'query', 'body'] as const) {
      const found = findNul(request[part], '');
      if (found === undefined) continue;
      const name = found === '' ? part : found;
      done(
        new AppError(
          'validation_error',
          `Invalid request ${WHERE[part]}: ${name}: must not contain the NUL character (\\u0000).`,
        ),
      );
      return;
    }
    done();
  });
}
