import type { ItemStatusInvestments } from 'plaid';
import type { ItemRow, SandboxDb } from '../state.js';

/** Records an extraction of the Item's investments (its first use after Link, or /investments/refresh). */
export async function markInvestmentsUpdated(db: SandboxDb, itemId: string, at: Date): Promise<void> {
  await db
    .insertInto('sandbox_investments')
    .values({ item_id: itemId, updated_at: at.toISOString() })
    .onConflict((oc) => oc.column('item_id').doUpdateSet({ updated_at: at.toISOString() }))
    .execute();
}

/**
 * `/item/get`'s `status.investments`: the last extraction, which for an Item linked with investments
 * is its creation until a refresh. Extractions never fail in the sandbox.
 */
export async function investmentsStatus(db: SandboxDb, item: ItemRow): Promise<ItemStatusInvestments> {
  const row = await db
    .selectFrom('sandbox_investments')
    .select('updated_at')
    .where('item_id', '=', item.item_id)
    .executeTakeFirst();
  return { last_successful_update: row?.updated_at ?? item.created_at, last_failed_update: null };
}
