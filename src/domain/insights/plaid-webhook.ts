import { z } from 'zod';
import { listActiveInsightLinksByAccount } from '../../store/insights.store.js';
import { transact } from '../../store/tx.js';
import type { InsightsContext } from './insights.context.js';
import { SYNC_JOB } from './sync.js';

const syncUpdate = z.looseObject({
  webhook_type: z.literal('TRANSACTIONS'),
  webhook_code: z.enum(['SYNC_UPDATES_AVAILABLE', 'DEFAULT_UPDATE', 'TRANSACTIONS_REMOVED']),
  account_id: z.string(),
});

/**
 * A verified Plaid webhook: when a processor token's transactions changed (it names the account),
 * every live processor link of that account pulls them and runs its jobs again. Returns how many
 * links will.
 */
export async function onPlaidWebhook(ctx: InsightsContext, body: unknown): Promise<number> {
  const parsed = syncUpdate.safeParse(body);
  if (!parsed.success) return 0;
  const links = await listActiveInsightLinksByAccount(ctx.db, parsed.data.account_id);
  if (links.length === 0) return 0;
  await transact(ctx.db, async (tx) => {
    for (const link of links)
      await ctx.queue.enqueue(tx, SYNC_JOB, { brandId: link.brand_id, linkId: link.id });
  });
  return links.length;
}
