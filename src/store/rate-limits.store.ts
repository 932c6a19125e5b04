import { sql } from 'kysely';
import type { BucketPolicy } from '../lib/token-bucket.js';
import type { Db } from './db.js';

/** The shared rate-limit buckets of PostgreSQL (migration 0009): one atomic statement per reservation. */

/**
 * Takes up to `want` whole tokens from the key's bucket, refilled at the policy's rate since it was
 * last touched (the database's clock, the same for every process), in one statement: the row's lock
 * makes concurrent reservations from any number of processes add up. Returns what was granted and
 * the (fractional) tokens left.
 */
export async function reserveTokens(
  db: Db,
  key: string,
  policy: BucketPolicy,
  want: number,
): Promise<{ granted: number; left: number }> {
  const { perSecond, burst } = policy;
  const first = Math.min(want, burst);
  const available = sql`least(${burst}::double precision, b.tokens + ${perSecond}::double precision * greatest(0, extract(epoch from now() - b.refilled_at)))`;
  const granted = sql`least(${want}::integer, floor(${available})::integer)`;
  const result = await sql<{ granted: number; left: number }>`
    insert into rate_limit_buckets as b (key, tokens, last_granted, refilled_at)
    values (${key}, ${burst - first}, ${first}, now())
    on conflict (key) do update set
      last_granted = ${granted},
      tokens = ${available} - ${granted},
      refilled_at = greatest(b.refilled_at, now())
    returning last_granted as granted, tokens as left`.execute(db);
  const row = result.rows[0];
  return { granted: Number(row?.granted ?? 0), left: Number(row?.left ?? 0) };
}
