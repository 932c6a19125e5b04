import { sql } from 'kysely';
import type { ScrapeStats } from '../lib/metrics.js';
import type { Db } from './db.js';

/** The figures `/metrics` reads from the database at each scrape: the job queue and webhook deliveries. */

/** Jobs not done, by name and state, with the oldest due queued job's run_at. Done jobs are left out. */
async function jobStats(db: Db, now: Date): Promise<ScrapeStats['jobs']> {
  const nowIso = now.toISOString();
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => [
      'name',
      'state',
      eb.fn.countAll<number | string>().as('count'),
      eb.fn
        .min<string | null>(
          eb
            .case()
            .when(eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', nowIso)]))
            .then(eb.ref('run_at'))
            .end(),
        )
        .as('oldest_due'),
    ])
    .where('state', 'in', ['queued', 'running', 'dead'])
    .groupBy(['name', 'state'])
    .execute();
  return rows.map((r) => ({
    name: r.name,
    state: r.state,
    count: Number(r.count),
    oldestDueAgeSeconds:
      r.oldest_due === null ? null : Math.max(0, (now.getTime() - new Date(r.oldest_due).getTime()) / 1000),
  }));
}

/** Deliveries by state, and the pending ones that already failed an attempt as `retrying`. */
async function deliveryStats(db: Db): Promise<ScrapeStats['deliveries']> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => [
      'state',
      eb.fn.countAll<number | string>().as('count'),
      eb.fn.sum<number | string | null>(sql`case when attempts > 0 then 1 else 0 end`).as('tried'),
    ])
    .groupBy('state')
    .execute();
  const stats: ScrapeStats['deliveries'] = rows.map((r) => ({ state: r.state, count: Number(r.count) }));
  const retrying = rows.find((r) => r.state === 'pending')?.tried;
  stats.push({ state: 'retrying', count: Number(retrying ?? 0) });
  return stats;
}

export async function readOpsStats(db: Db, now: Date): Promise<Omit<ScrapeStats, 'pool'>> {
  const [jobs, deliveries] = await Promise.all([jobStats(db, now), deliveryStats(db)]);
  return { jobs, deliveries };
}
