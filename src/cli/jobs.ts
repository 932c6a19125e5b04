import { buildContainer } from '../container.js';
import { JOB_STATES } from '../jobs/admin.js';
import { createStderrLogger } from '../lib/logger.js';
import type { JobState } from '../store/schema.js';
import { configFromFlags, type ServeFlags } from './runtime.js';

/** A usage mistake: one line on stderr, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

async function withContainer<T>(
  flags: ServeFlags,
  work: (c: Awaited<ReturnType<typeof buildContainer>>) => Promise<T>,
) {
  const config = configFromFlags(flags);
  const container = await buildContainer(config, { logger: createStderrLogger(config.logLevel) });
  try {
    return await work(container);
  } finally {
    await container.close();
  }
}

export async function runJobsList(flags: ServeFlags & { state?: string; limit?: string; json?: boolean }) {
  const state = flags.state as JobState | undefined;
  if (state !== undefined && !JOB_STATES.includes(state))
    throw new UsageError(`--state must be one of ${JOB_STATES.join(', ')} (got "${flags.state}")`);
  const limit = Number(flags.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new UsageError(`--limit must be an integer from 1 to 1000 (got "${flags.limit}")`);
  await withContainer(flags, async (container) => {
    const jobs = await container.jobsAdmin.list({ ...(state ? { state } : {}), limit });
    if (flags.json) return void console.log(JSON.stringify(jobs));
    if (jobs.length === 0) return void console.log(state ? `No ${state} jobs.` : 'No jobs.');
    for (const job of jobs)
      console.log(
        `${job.id}  ${job.state.padEnd(7)}  ${job.name}  attempts ${job.attempts}/${job.maxAttempts}  ${job.createdAt}${job.lastError ? `  last error: ${job.lastError.split('\n')[0] ?? ''}` : ''}`,
      );
  });
}

export async function runJobsRetry(id: string, flags: ServeFlags) {
  await withContainer(flags, async (container) => {
    const result = await container.jobsAdmin.retry(id);
    if (!result.retried) throw new UsageError(result.reason);
    console.log(`Job ${id} is queued again.`);
  });
}
