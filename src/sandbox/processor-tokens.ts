import { accountsForItem } from './data/accounts.js';
import type { SandboxContext } from './endpoint.js';
import { PlaidApiError } from './errors.js';
import { isWellFormedToken } from './ids.js';
import { requireHealthy } from './items.js';
import { preparedQuery } from '../lib/prepared-query.js';
import { cacheOf, type ReadCache } from './read-cache.js';
import {
  type ItemRow,
  parseJsonList,
  type ProcessorTokenRow,
  type SandboxDb,
  type SandboxState,
} from './state.js';

const selectTokenWithItem = preparedQuery((db: SandboxDb, token: string, clientId: string) =>
  db
    .selectFrom('sandbox_processor_tokens as t')
    .innerJoin('sandbox_items as i', 'i.item_id', 't.item_id')
    .selectAll('i')
    .select([
      't.processor_token',
      't.account_id',
      't.processor',
      't.products as token_products',
      't.webhook as token_webhook',
      't.created_at as token_created_at',
    ])
    .where('t.processor_token', '=', token)
    .where('i.client_id', '=', clientId),
);

const tokenCaches = new WeakMap<SandboxState, ReadCache<TokenWithItem>>();
interface TokenWithItem {
  row: ProcessorTokenRow;
  item: ItemRow;
}

async function loadTokenWithItem(db: SandboxDb, token: string, clientId: string) {
  const [found] = await selectTokenWithItem(db, token, clientId);
  if (!found) return undefined;
  const { processor_token, account_id, processor, token_products, token_webhook, token_created_at, ...item } =
    found;
  const row: ProcessorTokenRow = {
    processor_token,
    item_id: item.item_id,
    account_id,
    processor,
    products: token_products,
    webhook: token_webhook,
    created_at: token_created_at,
  };
  return Object.freeze({ row: Object.freeze(row), item: Object.freeze(item) });
}

/** A live processor token of this client and its Item, in one query; tokens die with their Item. */
export async function requireProcessorToken(ctx: SandboxContext, token: string): Promise<TokenWithItem> {
  if (!isWellFormedToken('processor', token)) throw new PlaidApiError('INVALID_PROCESSOR_TOKEN');
  const found = await cacheOf(tokenCaches, ctx.state).getOrLoad(`${ctx.clientId}\u0000${token}`, () =>
    loadTokenWithItem(ctx.state.db, token, ctx.clientId),
  );
  if (!found || found.item.removed_at !== null) throw new PlaidApiError('INVALID_PROCESSOR_TOKEN');
  const { row, item } = found;
  // An account deselected in update mode is no longer the Item's: its tokens die with it.
  if (!accountsForItem(item).some((a) => a.account_id === row.account_id)) {
    throw new PlaidApiError('INVALID_PROCESSOR_TOKEN');
  }
  return found;
}

/** A token narrowed by /processor/token/permissions/set reads only the products it was given. */
export function requirePermission(row: ProcessorTokenRow, needed: string): void {
  const allowed = parseJsonList(row.products);
  if (allowed.length > 0 && !allowed.includes(needed)) {
    throw new PlaidApiError('INVALID_PRODUCT', { products: JSON.stringify([needed]) });
  }
}

/** Reading `product` through a processor token: the token is live, its Item healthy, the product allowed. */
export async function readThroughProcessorToken(
  ctx: SandboxContext,
  token: string,
  product: string,
): Promise<{ row: ProcessorTokenRow; item: ItemRow }> {
  const found = await requireProcessorToken(ctx, token);
  requireHealthy(found.item);
  requirePermission(found.row, product);
  return found;
}
