import { AppError } from '../../lib/errors.js';
import type { Commit } from '../idempotency/idempotency.service.js';
import { newId } from '../../lib/ids.js';
import { PlaidFailure } from '../../plaid/client/errors.js';
import {
  findInsightLinkByToken,
  insertInsightJobs,
  insertInsightLink,
  listInsightJobs,
  updateInsightJobs,
} from '../../store/insights.store.js';
import { lockName, transact } from '../../store/tx.js';
import { linkFailure } from '../links/plaid-failures.js';
import { recordChange } from '../access/audit.js';
import type { Tenant } from '../tenant.js';
import type { InsightsContext } from './insights.context.js';
import type { InsightJobKind, ProcessorLink } from './insights.types.js';
import { SYNC_JOB } from './sync.js';
import { loadProcessorLink } from './views.js';

/** Plaid's answers that mean the Item was not linked with the transactions product. */
const NO_TRANSACTIONS = new Set([
  'ADDITIONAL_CONSENT_REQUIRED',
  'INVALID_PRODUCT',
  'PRODUCTS_NOT_SUPPORTED',
  'PRODUCT_NOT_ENABLED',
]);

/**
 * Plaid first, outside any transaction: the account behind the token, Linkport's webhook on it, and
 * one read of its transactions, which tells whether the Item has the transactions product (a
 * first pull still running, PRODUCT_NOT_READY, is fine: the job waits for it).
 */
async function checkToken(ctx: InsightsContext, processorToken: string): Promise<string> {
  try {
    const [account] = await Promise.all([
      ctx.plaid.readProcessorAccountRef(processorToken),
      ctx.plaid.setProcessorWebhook(processorToken, ctx.webhookUrl()),
      ctx.plaid.syncProcessorTransactions(processorToken, null).catch((error: unknown) => {
        if (error instanceof PlaidFailure && error.plaidCode === 'PRODUCT_NOT_READY') return null;
        throw error;
      }),
    ]);
    return account.plaidAccountId;
  } catch (error) {
    if (error instanceof PlaidFailure && NO_TRANSACTIONS.has(error.plaidCode ?? ''))
      throw new AppError(
        'processor_token_not_permitted',
        `This processor token cannot read the account's transactions (Plaid ${error.plaidCode}): the Item must be linked with the transactions product (auth alone is not sufficient). Create the link token with products including "transactions", link again, and send the new processor token.`,
        { cause: error },
      );
    throw linkFailure(error);
  }
}

/** Rows for jobs a link does not have yet, pending. */
function newJobs(tenant: Tenant, linkId: string, jobs: readonly InsightJobKind[], now: string) {
  return jobs.map((job) => ({
    id: newId(),
    brand_id: tenant.brandId,
    link_id: linkId,
    job,
    state: 'pending' as const,
    reason: null,
    result_version: 0,
    result: null,
    completed_at: null,
    created_at: now,
    updated_at: now,
  }));
}

/**
 * Registers a processor token for insight jobs: the link (token sealed), its jobs pending, and the
 * job that pulls the transactions and runs them, in one transaction. The same live token again adds
 * the jobs it lacks to its link and runs them.
 */
export async function registerProcessorLink(
  ctx: InsightsContext,
  tenant: Tenant,
  input: { processorToken: string; jobs: readonly InsightJobKind[] },
  commit: Commit<ProcessorLink> = async () => undefined,
): Promise<ProcessorLink> {
  const fingerprint = ctx.keyring.fingerprint('processor_token', tenant.brandId, input.processorToken);
  const plaidAccountId = await checkToken(ctx, input.processorToken);
  const now = ctx.clock.now().toISOString();
  return transact(ctx.db, async (tx) => {
    // Two registrations of one token at once (two API processes) make one link.
    await lockName(tx, `insight-link:${tenant.brandId}:${fingerprint}`);
    const known = await findInsightLinkByToken(tx, tenant.brandId, fingerprint);
    const live = known?.state === 'active' ? known : undefined;
    const id = live?.id ?? newId();
    if (!live)
      await insertInsightLink(tx, {
        id,
        brand_id: tenant.brandId,
        state: 'active',
        token_enc: ctx.keyring.encrypt(input.processorToken, {
          brandId: tenant.brandId,
          rowId: id,
          column: 'processor_token',
        }),
        token_fingerprint: fingerprint,
        plaid_account_id: plaidAccountId,
        sync_cursor: null,
        pages_fetched: 0,
        transactions_fetched: 0,
        last_synced_at: null,
        created_at: now,
        updated_at: now,
        deleted_at: null,
      });
    const have = new Set((live ? await listInsightJobs(tx, id) : []).map((j) => j.job));
    await insertInsightJobs(
      tx,
      newJobs(
        tenant,
        id,
        input.jobs.filter((job) => !have.has(job)),
        now,
      ),
    );
    // Jobs that failed before run again with the rest.
    await updateInsightJobs(tx, id, ['failed'], { state: 'pending', reason: null, updated_at: now });
    await ctx.queue.enqueue(tx, SYNC_JOB, { brandId: tenant.brandId, linkId: id });
    const action = live ? 'processor_link.jobs_requested' : 'processor_link.created';
    await recordChange(tx, tenant, { action, objectType: 'processor_link', objectId: id }, now);
    const link = await loadProcessorLink(tx, tenant, id);
    // The response for an Idempotency-Key commits with the link it answers.
    await commit(tx, link);
    return link;
  });
}
