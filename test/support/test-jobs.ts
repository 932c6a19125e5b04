import { sql } from 'kysely';
import { z } from 'zod';
import { type JobHandler, defineJob, handleJob } from '../../src/jobs/catalog.js';
import type { Db } from '../../src/store/db.js';

/** A table the test jobs write their effect to, so a test can count how often each job really ran. */
export async function createEffectsTable(db: Db): Promise<void> {
  await sql`create table job_effects (job_id text not null, worker text not null)`.execute(db);
}

export async function countEffects(db: Db): Promise<Map<string, number>> {
  const rows = await sql<{ job_id: string; worker: string }>`select job_id, worker from job_effects`.execute(
    db,
  );
  const counts = new Map<string, number>();
  for (const row of rows.rows) counts.set(row.job_id, (counts.get(row.job_id) ?? 0) + 1);
  return counts;
}

/**
 * `test.effect` records that it ran. With `blockBeforeEffect` it announces the start and then hangs,
 * like a worker that dies mid-job.
 */
export function testJobs(
  db: Db,
  worker: string,
  options: { blockBeforeEffect?: boolean; onStart?: (jobId: string) => void } = {},
): JobHandler[] {
  return [
    handleJob(EFFECT_JOB, async (_payload, ctx) => {
      options.onStart?.(ctx.jobId);
      if (options.blockBeforeEffect) await new Promise(() => {});
      // A little work, so that jobs overlap in time across workers.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
      await sql`insert into job_effects (job_id, worker) values (${ctx.jobId}, ${worker})`.execute(db);
    }),
  ];
}

/** `test.effect`; long enough a timeout that a worker killed mid-job is what ends it. */
export const EFFECT_JOB = defineJob('test.effect', z.object({ n: z.number().int() }), { timeoutMs: 600_000 });
