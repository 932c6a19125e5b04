import type { Clock } from '../lib/clock.js';
import type { Db } from '../store/db.js';
import { findJob, listJobs, requeueDeadJob } from '../store/jobs.store.js';
import type { JobState, JobsTable } from '../store/schema.js';

export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'dead'];

/** What an operator sees of a job (the payload names ids only; no job carries a secret). */
export interface JobSummary {
  id: string;
  name: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

const summary = (row: JobsTable): JobSummary => ({
  id: row.id,
  name: row.name,
  state: row.state,
  attempts: row.attempts,
  maxAttempts: row.max_attempts,
  runAt: row.run_at,
  lastError: row.last_error,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
});

/** The operator's view of the queue: `linkport jobs list` and `linkport jobs retry`. */
export function createJobsAdmin({ db, clock }: { db: Db; clock: Clock }) {
  return {
    async list(filter: { state?: JobState; limit: number }): Promise<JobSummary[]> {
      return (await listJobs(db, filter)).map(summary);
    },
    /** Queues a dead job again with fresh attempts; says why not when it is not dead. */
    async retry(id: string): Promise<{ retried: true } | { retried: false; reason: string }> {
      if (await requeueDeadJob(db, id, clock.now().toISOString())) return { retried: true };
      const job = await findJob(db, id);
      return {
        retried: false,
        reason: job ? `job ${id} is ${job.state}; only a dead job can be retried` : `no job ${id}`,
      };
    },
  };
}
