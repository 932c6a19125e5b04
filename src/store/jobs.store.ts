import type { Db } from './db.js';
import type { JobState, JobsTable } from './schema.js';
import { isPostgres } from './tx.js';

/** The durable job queue's table: every query the queue, the worker and the jobs command run. */

export async function insertJob(tx: Db, row: JobsTable): Promise<void> {
  await tx.insertInto('jobs').values(row).execute();
}

/**
 * Claims the job due first: a queued job whose time has come, or a running one whose lease ran out
 * (its worker died). `SKIP LOCKED` on PostgreSQL lets workers claim side by side.
 */
export async function claimDueJob(
  db: Db,
  claim: { now: string; leaseUntil: string; owner: string },
): Promise<JobsTable | undefined> {
  const due = db
    .selectFrom('jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', claim.now)]),
        eb.and([eb('state', '=', 'running'), eb('lease_until', '<', claim.now)]),
      ]),
    )
    .orderBy('run_at')
    .limit(1)
    .$if(isPostgres(db), (q) => q.forUpdate().skipLocked());
  return db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      attempts: eb('attempts', '+', 1),
      lease_until: claim.leaseUntil,
      lease_owner: claim.owner,
      updated_at: claim.now,
    }))
    .where('id', '=', due)
    .returningAll()
    .executeTakeFirst();
}

/** A write after the claim, only while the lease is still this worker's; returns whether it held. */
export async function settleJob(db: Db, job: JobsTable, values: Partial<JobsTable>): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set(values)
    .where('id', '=', job.id)
    .where('lease_owner', '=', job.lease_owner)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function renewJobLease(db: Db, job: JobsTable, leaseUntil: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ lease_until: leaseUntil })
    .where('id', '=', job.id)
    .where('lease_owner', '=', job.lease_owner)
    .execute();
}

export async function findJob(db: Db, id: string): Promise<JobsTable | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Jobs, newest first, optionally in one state. */
export async function listJobs(db: Db, filter: { state?: JobState; limit: number }): Promise<JobsTable[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .$if(filter.state !== undefined, (q) => q.where('state', '=', filter.state ?? 'queued'))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit)
    .execute();
}

/** Queues a dead job again with its attempts reset; returns whether it was dead. */
export async function requeueDeadJob(db: Db, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'queued', attempts: 0, run_at: now, finished_at: null, updated_at: now })
    .where('id', '=', id)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes jobs that finished well before `before`; dead ones stay until someone looks at them. */
export async function pruneDoneJobs(db: Db, before: string): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('state', '=', 'done')
    .where('finished_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
