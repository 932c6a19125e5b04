import type { Tx } from '../../store/tx.js';
import { transact } from '../../store/tx.js';
import {
  listInsightJobs,
  listInsightTransactions,
  updateInsightJob,
  updateInsightJobs,
} from '../../store/insights.store.js';
import { emit } from '../events/emit.js';
import type { InsightsContext } from './insights.context.js';
import type { InsightJobKind, PlaidTransactionJson } from './insights.types.js';

const EVENTS = {
  'employer-classification': {
    completed: 'employer-classification-completed',
    failed: 'employer-classification-failed',
    path: 'employer-matches',
  },
  'recurrence-detection': {
    completed: 'recurring-transaction-detection-completed',
    failed: 'recurring-transaction-detection-failed',
    path: 'recurring-transactions',
  },
} as const satisfies Record<InsightJobKind, { completed: string; failed: string; path: string }>;

export const resultsPath = (linkId: string, job: InsightJobKind) =>
  `/plaid/processor-link/${linkId}/${EVENTS[job].path}`;

/** One job's result out of the shared analysis, and what the completion event counts. */
function jobResult(
  job: InsightJobKind,
  analysis: ReturnType<InsightsContext['engine']['analyze']>,
): { result: object; counts: Record<string, number> } {
  if (job === 'employer-classification') {
    const result = analysis.employer;
    return { result, counts: { employer_matches: result.employer_matches.length } };
  }
  const result = analysis.recurrence;
  return {
    result,
    counts: { inflow_streams: result.inflow_streams.length, outflow_streams: result.outflow_streams.length },
  };
}

/**
 * The link's jobs in `processing`, run on every transaction pulled so far: each new result is
 * stored (its version one higher) with its completion event, in one transaction per job. The jobs
 * in `unchanged` (a result already, and the pull brought nothing new) go back to `completed` with
 * their result and version as they were, and no event: the brand has that answer.
 */
export async function processLink(
  ctx: InsightsContext,
  brandId: string,
  linkId: string,
  unchanged: ReadonlySet<string> = new Set(),
): Promise<void> {
  const processing = (await listInsightJobs(ctx.db, linkId)).filter((j) => j.state === 'processing');
  const kept = processing.filter((j) => unchanged.has(j.id));
  if (kept.length > 0) {
    const updatedAt = ctx.clock.now().toISOString();
    await transact(ctx.db, async (tx) => {
      for (const job of kept)
        await updateInsightJob(tx, job.id, 'processing', { state: 'completed', updated_at: updatedAt });
    });
  }
  const jobs = processing.filter((j) => !unchanged.has(j.id));
  if (jobs.length === 0) return;
  const transactions = (await listInsightTransactions(ctx.db, linkId)).map(
    (body) => JSON.parse(body) as PlaidTransactionJson,
  );
  const now = ctx.clock.now().toISOString();
  const asOf = now.slice(0, 10);
  // One pass over the history serves every job of the link.
  const analysis = ctx.engine.analyze(transactions, asOf);
  for (const job of jobs) {
    const { result, counts } = jobResult(job.job, analysis);
    await transact(ctx.db, async (tx) => {
      const version = job.result_version + 1;
      const stored = await updateInsightJob(tx, job.id, 'processing', {
        state: 'completed',
        reason: null,
        result: JSON.stringify(result),
        result_version: version,
        completed_at: now,
        updated_at: now,
      });
      // Cancelled meanwhile (the link was deleted): no result, no webhook.
      if (!stored) return;
      await emit(
        tx,
        brandId,
        {
          type: EVENTS[job.job].completed,
          subjectId: linkId,
          data: {
            processor_link_id: linkId,
            job: job.job,
            result_version: version,
            counts,
            transactions_analyzed: transactions.length,
            results_url: resultsPath(linkId, job.job),
          },
        },
        now,
      );
    });
  }
}

/** The link's unfinished jobs fail with a reason the brand reads, each with its failure event. */
export async function failLinkJobs(
  tx: Tx,
  brandId: string,
  linkId: string,
  reason: string,
  now: string,
): Promise<void> {
  const jobs = (await listInsightJobs(tx, linkId)).filter((j) =>
    ['pending', 'fetching', 'processing'].includes(j.state),
  );
  await updateInsightJobs(tx, linkId, ['pending', 'fetching', 'processing'], {
    state: 'failed',
    reason,
    updated_at: now,
  });
  for (const job of jobs)
    await emit(
      tx,
      brandId,
      {
        type: EVENTS[job.job].failed,
        subjectId: linkId,
        data: { processor_link_id: linkId, job: job.job, reason },
      },
      now,
    );
}
