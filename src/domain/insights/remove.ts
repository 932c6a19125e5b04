import { notFound } from '../../lib/errors.js';
import {
  deleteInsightTransactions,
  findInsightLink,
  findInsightLinkByToken,
  updateActiveInsightLink,
  updateInsightJobs,
} from '../../store/insights.store.js';
import { transact } from '../../store/tx.js';
import { recordChange } from '../access/audit.js';
import type { Tenant } from '../tenant.js';
import type { InsightsContext } from './insights.context.js';
import type { ProcessorLink } from './insights.types.js';
import { loadProcessorLink } from './views.js';

/**
 * Stops a processor link: unfinished jobs are cancelled, the stored token and the pulled
 * transactions are deleted; the results already made are kept (readable until the brand asks
 * again). Removing a removed link answers it as it was removed.
 */
export async function deleteProcessorLink(
  ctx: InsightsContext,
  tenant: Tenant,
  which: { id: string } | { processorToken: string },
): Promise<ProcessorLink> {
  const link =
    'id' in which
      ? await findInsightLink(ctx.db, tenant.brandId, which.id)
      : await findInsightLinkByToken(
          ctx.db,
          tenant.brandId,
          ctx.keyring.fingerprint('processor_token', tenant.brandId, which.processorToken),
        );
  if (!link) throw notFound('Processor link');
  const now = ctx.clock.now().toISOString();
  await transact(ctx.db, async (tx) => {
    const removed = await updateActiveInsightLink(tx, link.id, {
      state: 'deleted',
      token_enc: null,
      sync_cursor: null,
      deleted_at: now,
      updated_at: now,
    });
    if (!removed) return;
    await updateInsightJobs(tx, link.id, ['pending', 'fetching', 'processing'], {
      state: 'cancelled',
      reason: 'The processor link was deleted.',
      updated_at: now,
    });
    await deleteInsightTransactions(tx, link.id);
    const change = { action: 'processor_link.deleted', objectType: 'processor_link', objectId: link.id };
    await recordChange(tx, tenant, change, now);
  });
  return loadProcessorLink(ctx.db, tenant, link.id);
}
