import type { SandboxContext } from './endpoint.js';
import { PlaidApiError } from './errors.js';
import { isWellFormedToken } from './ids.js';
import { requireItem } from './items.js';
import { type ItemRow, parseJsonList, type ProcessorTokenRow } from './state.js';

/** A live processor token of this client and its Item; tokens die with their Item. */
export async function requireProcessorToken(
  ctx: SandboxContext,
  token: string,
): Promise<{ row: ProcessorTokenRow; item: ItemRow }> {
  if (!isWellFormedToken('processor', token)) throw new PlaidApiError('INVALID_PROCESSOR_TOKEN');
  const found = await ctx.state.db
    .selectFrom('sandbox_processor_tokens as t')
    .innerJoin('sandbox_items as i', 'i.item_id', 't.item_id')
    .selectAll('t')
    .select(['i.access_token'])
    .where('t.processor_token', '=', token)
    .where('i.client_id', '=', ctx.clientId)
    .where('i.removed_at', 'is', null)
    .executeTakeFirst();
  if (!found) throw new PlaidApiError('INVALID_PROCESSOR_TOKEN');
  const { access_token, ...row } = found;
  return { row, item: await requireItem(ctx, access_token) };
}

/** A token narrowed by /processor/token/permissions/set reads only the products it was given. */
export function requirePermission(row: ProcessorTokenRow, needed: string): void {
  const allowed = parseJsonList(row.products);
  if (allowed.length > 0 && !allowed.includes(needed)) {
    throw new PlaidApiError('INVALID_PRODUCT', { products: JSON.stringify([needed]) });
  }
}
