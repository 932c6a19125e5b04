import { z } from 'zod';
import { defineJob, handleJob, type JobContext } from '../../jobs/catalog.js';
import { PlaidFailure } from '../../plaid/client/errors.js';
import type { TransactionsPage } from '../../plaid/client/types.js';
import {
  advanceInsightCursor,
  countInsightTransactions,
  deleteInsightTransactions,
  findInsightLink,
  type InsightLinkRow,
  listInsightJobs,
  updateInsightJobs,
  upsertInsightTransactions,
} from '../../store/insights.store.js';
import { transact } from '../../store/tx.js';
import type { InsightsContext } from './insights.context.js';
import { failLinkJobs, processLink } from './process.js';

/** Pulls a link's new transactions through its token, then runs its jobs on them. */
export const SYNC_JOB = defineJob('insights.sync', z.object({ brandId: z.string(), linkId: z.string() }), {
  timeoutMs: 120_000,
});

/** Plaid's answers that mean "later": the job is retried with backoff, the status says why. */
const LATER = new Set([
  'PRODUCT_NOT_READY',
  'RATE_LIMIT_EXCEEDED',
  'INSTITUTION_DOWN',
  'INSTITUTION_NOT_RESPONDING',
]);
const RESTARTS = 3;

interface Pulled {
  added: TransactionsPage['added'];
  removedIds: string[];
  cursor: string;
  pages: number;
}

/**
 * Every page after `cursor`. Plaid's TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION means the data
 * changed under the pages read so far: they are dropped and the pull starts again from `cursor`.
 */
async function pullPages(ctx: InsightsContext, token: string, cursor: string | null, job: JobContext) {
  for (let restart = 0; ; restart++) {
    const pulled: Pulled = { added: [], removedIds: [], cursor: cursor ?? '', pages: 0 };
    try {
      let page: TransactionsPage;
      do {
        page = await ctx.plaid.syncProcessorTransactions(token, pulled.pages === 0 ? cursor : pulled.cursor);
        pulled.added.push(...page.added, ...page.modified);
        pulled.removedIds.push(...page.removedIds);
        pulled.cursor = page.nextCursor;
        pulled.pages++;
      } while (page.hasMore && !job.signal.aborted);
      return pulled;
    } catch (error) {
      const mutated =
        error instanceof PlaidFailure && error.plaidCode === 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION';
      if (!mutated || restart >= RESTARTS) throw error;
    }
  }
}

/** Writes what was pulled and moves the link's jobs on to processing, in one transaction. */
async function savePulled(ctx: InsightsContext, link: InsightLinkRow, pulled: Pulled): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await transact(ctx.db, async (tx) => {
    const advanced = await advanceInsightCursor(tx, link.id, link.sync_cursor, {
      sync_cursor: pulled.cursor,
      pages_fetched: link.pages_fetched + pulled.pages,
      transactions_fetched: link.transactions_fetched,
      last_synced_at: now,
      updated_at: now,
    });
    // Another pull got there first (or the link was deleted): its pages are the ones kept.
    if (advanced) {
      await upsertInsightTransactions(
        tx,
        pulled.added.map((t) => ({
          link_id: link.id,
          transaction_id: t.transaction_id,
          date: t.date,
          body: JSON.stringify(t),
        })),
      );
      await deleteInsightTransactions(tx, link.id, pulled.removedIds);
      await advanceInsightCursor(tx, link.id, pulled.cursor, {
        sync_cursor: pulled.cursor,
        pages_fetched: link.pages_fetched + pulled.pages,
        transactions_fetched: await countInsightTransactions(tx, link.id),
        last_synced_at: now,
        updated_at: now,
      });
    }
    await updateInsightJobs(tx, link.id, ['fetching'], {
      state: 'processing',
      reason: null,
      updated_at: now,
    });
  });
}

/** A failed pull: retried later (the status says why), or the link's jobs fail for good. */
async function handlePullFailure(
  ctx: InsightsContext,
  link: InsightLinkRow,
  error: unknown,
  job: JobContext,
): Promise<void> {
  if (!(error instanceof PlaidFailure)) throw error;
  const now = ctx.clock.now().toISOString();
  const later = error.retryable || LATER.has(error.plaidCode ?? '');
  if (later && job.attempt < SYNC_JOB.maxAttempts) {
    const reason = error.plaidCode
      ? `Waiting for Plaid (${error.plaidCode}); retrying.`
      : 'Plaid could not be reached; retrying.';
    await updateInsightJobs(ctx.db, link.id, ['fetching'], { reason, updated_at: now });
    throw error;
  }
  const reason = `Plaid refused to send the account's transactions (${error.plaidCode ?? 'unreachable'}). ${
    error.plaidCode === 'ITEM_LOGIN_REQUIRED'
      ? 'The user must repair the bank login (Link update mode); then register the processor token again.'
      : 'Register a new processor token to try again.'
  }`;
  await transact(ctx.db, (tx) => failLinkJobs(tx, link.brand_id, link.id, reason, now));
}

async function runSync(ctx: InsightsContext, payload: { brandId: string; linkId: string }, job: JobContext) {
  const link = await findInsightLink(ctx.db, payload.brandId, payload.linkId);
  if (!link || link.state !== 'active' || !link.token_enc) return;
  const token = ctx.keyring.decrypt(link.token_enc, {
    brandId: link.brand_id,
    rowId: link.id,
    column: 'processor_token',
  });
  const now = ctx.clock.now().toISOString();
  // Jobs with a result already: a pull that brings nothing new leaves that result as it is.
  const completed = (await listInsightJobs(ctx.db, link.id)).filter((j) => j.state === 'completed');
  await updateInsightJobs(ctx.db, link.id, ['pending', 'completed', 'processing'], {
    state: 'fetching',
    updated_at: now,
  });
  let pulled: Pulled;
  try {
    pulled = await pullPages(ctx, token, link.sync_cursor, job);
  } catch (error) {
    return handlePullFailure(ctx, link, error, job);
  }
  await savePulled(ctx, link, pulled);
  const nothingNew = pulled.added.length === 0 && pulled.removedIds.length === 0;
  await processLink(ctx, link.brand_id, link.id, new Set(nothingNew ? completed.map((j) => j.id) : []));
}

export const syncHandler = (ctx: InsightsContext) =>
  handleJob(SYNC_JOB, (payload, job) => runSync(ctx, payload, job));
