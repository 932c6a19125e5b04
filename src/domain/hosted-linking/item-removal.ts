import { z } from 'zod';
import { defineJob, type JobDefinition } from '../../jobs/catalog.js';
import type { Queue } from '../../jobs/queue.js';
import type { Keyring } from '../../lib/crypto.js';
import { PlaidFailure, type PlaidGateway } from '../../plaid/client/plaid-gateway.js';
import type { Db } from '../../store/db.js';
import { hasOpenAccount } from '../../store/plaid-items.store.js';
import type { PlaidItemsTable } from '../../store/schema.js';
import { openAccessToken } from './access-token.js';
import { recordItemEvent } from './item-health.js';

export const ITEM_REMOVE_JOB = 'plaid.item.remove';
export const ITEM_REMOVE_MAX_ATTEMPTS = 180;

/**
 * Locks a held Item's row for the rest of the transaction (a write takes the row lock on
 * PostgreSQL; SQLite runs one write transaction at a time) and returns it as it is now. Everything
 * that opens or closes an Item's accounts goes through this first, so "was that its last account?"
 * has one answer.
 */
export async function lockItem(
  tx: Db,
  brandId: string,
  itemId: string,
  now: string,
): Promise<PlaidItemsTable | undefined> {
  await tx
    .updateTable('plaid_items')
    .set({ updated_at: now })
    .where('brand_id', '=', brandId)
    .where('id', '=', itemId)
    .execute();
  return tx
    .selectFrom('plaid_items')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('id', '=', itemId)
    .executeTakeFirst();
}

/**
 * Inside the transaction that closed an account (the Item locked first): when the Item has no open
 * account left, it is marked removed and its removal at Plaid queued in the same transaction, so
 * the access token is revoked exactly when the last account is gone, even if Plaid is down now.
 */
export async function releaseItemIfEmpty(
  tx: Db,
  queue: Queue,
  item: PlaidItemsTable,
  now: string,
): Promise<boolean> {
  if (item.status === 'removed') return false;
  if (await hasOpenAccount(tx, item.brand_id, item.id)) return false;
  await tx
    .updateTable('plaid_items')
    .set({ status: 'removed', removed_at: now, updated_at: now })
    .where('brand_id', '=', item.brand_id)
    .where('id', '=', item.id)
    .execute();
  await recordItemEvent(tx, item, 'item.removed', now);
  await queue.enqueue(tx, ITEM_REMOVE_JOB, { brand_id: item.brand_id, item_id: item.id });
  return true;
}

/** The job: `/item/remove` with the Item's access token; an Item Plaid no longer knows is done. */
export function itemRemovalJob(deps: { db: Db; keyring: Keyring; plaid: PlaidGateway }): JobDefinition {
  return defineJob({
    name: ITEM_REMOVE_JOB,
    schema: z.object({ brand_id: z.string(), item_id: z.string() }),
    // The access token must die even through a long Plaid outage: with the worker's backoff (capped
    // at an hour) this keeps trying for about a week before the job is dead (and visible as such).
    maxAttempts: ITEM_REMOVE_MAX_ATTEMPTS,
    async handler(payload, ctx) {
      const item = await deps.db
        .selectFrom('plaid_items')
        .selectAll()
        .where('brand_id', '=', payload.brand_id)
        .where('id', '=', payload.item_id)
        .executeTakeFirst();
      if (!item) return;
      const accessToken = openAccessToken(deps.keyring, item);
      try {
        await deps.plaid.removeItem(accessToken);
      } catch (error) {
        const gone =
          error instanceof PlaidFailure &&
          (error.plaidCode === 'ITEM_NOT_FOUND' || error.plaidCode === 'INVALID_ACCESS_TOKEN');
        if (!gone) throw error;
      }
      ctx.logger.info({ plaidItemId: item.plaid_item_id }, 'item removed at Plaid');
    },
  });
}
