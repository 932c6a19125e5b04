import { z } from 'zod';
import { defineJob, handleJob } from '../../../jobs/catalog.js';
import type { Queue } from '../../../jobs/queue.js';
import type { Keyring } from '../../../lib/crypto.js';
import type { PlaidGateway } from '../../../plaid/client/plaid-gateway.js';
import { PlaidFailure } from '../../../plaid/client/errors.js';
import type { Db } from '../../../store/db.js';
import { hasOpenAccount } from '../../../store/linked-accounts.store.js';
import { findItemById, updateItem } from '../../../store/plaid-items.store.js';
import type { PlaidItemsTable } from '../../../store/schema.js';
import type { Tx } from '../../../store/tx.js';
import { emit } from '../../events/emit.js';
import { openAccessToken } from '../sealing.js';

/**
 * The access token must die even through a long Plaid outage: with the worker's backoff (capped at
 * an hour) 180 attempts keep trying for about a week before the job is dead (and visible as such).
 */
export const ITEM_REMOVAL = defineJob(
  'plaid.item.remove',
  z.object({ brand_id: z.string(), item_id: z.string() }),
  { maxAttempts: 180, timeoutMs: 30_000 },
);

/**
 * Inside the transaction that closed an account (the Item locked first): when the Item has no open
 * account left, it is marked removed and its removal at Plaid queued in the same transaction, so
 * the access token is revoked exactly when the last account is gone, even if Plaid is down now.
 */
export async function releaseItemIfEmpty(
  tx: Tx,
  queue: Queue,
  item: PlaidItemsTable,
  now: string,
): Promise<boolean> {
  if (item.status === 'removed') return false;
  if (await hasOpenAccount(tx, item.brand_id, item.id)) return false;
  await updateItem(tx, item.brand_id, item.id, { status: 'removed', removed_at: now, updated_at: now });
  await emit(
    tx,
    item.brand_id,
    {
      type: 'item.removed',
      subjectId: item.id,
      data: { plaid_item_id: item.plaid_item_id, owner_id: item.owner_id },
    },
    now,
  );
  await queue.enqueue(tx, ITEM_REMOVAL, { brand_id: item.brand_id, item_id: item.id });
  return true;
}

/** The job: `/item/remove` with the Item's access token; an Item Plaid no longer knows is done. */
export function itemRemovalHandler(deps: { db: Db; keyring: Keyring; plaid: PlaidGateway }) {
  return handleJob(ITEM_REMOVAL, async (payload, ctx) => {
    const item = await findItemById(deps.db, payload.brand_id, payload.item_id);
    if (!item) return;
    try {
      await deps.plaid.removeItem(openAccessToken(deps.keyring, item));
    } catch (error) {
      const gone =
        error instanceof PlaidFailure &&
        (error.plaidCode === 'ITEM_NOT_FOUND' || error.plaidCode === 'INVALID_ACCESS_TOKEN');
      if (!gone) throw error;
    }
    ctx.logger.info({ plaidItemId: item.plaid_item_id }, 'item removed at Plaid');
  });
}
