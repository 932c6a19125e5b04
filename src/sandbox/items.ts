import type { ItemWithConsentFields, Products } from 'plaid';
import { preparedQuery } from '../lib/prepared-query.js';
import { accountsForItem, type SandboxAccount } from './data/accounts.js';
import { findInstitution, type SandboxInstitution } from './data/institutions.js';
import { SERVED_PRODUCTS, unservedNote, unservedProducts } from './data/products.js';
import type { SandboxContext } from './endpoint.js';
import { invalidField, PlaidApiError, plaidErrorObject } from './errors.js';
import { isWellFormedToken } from './ids.js';
import { cacheOf, type ReadCache } from './read-cache.js';
import { type ItemRow, parseJsonList, type SandboxDb, type SandboxState } from './state.js';
import type { Wire } from './wire.js';

/**
 * An Item once it exists: found by its access token, the checks data endpoints make on it, and how
 * Plaid presents it. How an Item comes to be is item-creation.ts.
 */

export function requireInstitution(institutionId: string): SandboxInstitution {
  const institution = findInstitution(institutionId);
  if (!institution) throw new PlaidApiError('INVALID_INSTITUTION');
  return institution;
}

/** Products the local sandbox has no endpoints for are refused before an Item takes them on. */
export function requireServedProducts(products: readonly string[]): void {
  const unserved = unservedProducts(products);
  if (unserved.length > 0)
    throw new PlaidApiError(
      'INVALID_PRODUCT',
      { products: JSON.stringify(unserved) },
      unservedNote(unserved),
    );
}

export function requireSupportedProducts(institution: SandboxInstitution, products: readonly string[]): void {
  const unsupported = products.filter((p) => !institution.products.includes(p));
  if (unsupported.length > 0) {
    throw new PlaidApiError('PRODUCTS_NOT_SUPPORTED', { products: JSON.stringify(unsupported) });
  }
}

/**
 * The Item behind an access token of this client. A removed Item's token answers ITEM_NOT_FOUND,
 * as Plaid does for a second /item/remove.
 */
const selectItemByAccessToken = preparedQuery((db: SandboxDb, accessToken: string, clientId: string) =>
  db
    .selectFrom('sandbox_items')
    .selectAll()
    .where('access_token', '=', accessToken)
    .where('client_id', '=', clientId),
);

const itemCaches = new WeakMap<SandboxState, ReadCache<ItemRow>>();

export async function requireItem(ctx: SandboxContext, accessToken: string): Promise<ItemRow> {
  if (!isWellFormedToken('access', accessToken)) throw new PlaidApiError('INVALID_ACCESS_TOKEN');
  const item = await cacheOf(itemCaches, ctx.state).getOrLoad(
    `${ctx.clientId}\u0000${accessToken}`,
    async () => {
      const [row] = await selectItemByAccessToken(ctx.state.db, accessToken, ctx.clientId);
      return row && Object.freeze(row);
    },
  );
  if (!item) throw new PlaidApiError('INVALID_ACCESS_TOKEN');
  if (item.removed_at !== null) throw new PlaidApiError('ITEM_NOT_FOUND');
  return item;
}

/** Data endpoints refuse an Item whose login broke. */
export function requireHealthy(item: ItemRow): void {
  if (item.login_required) throw new PlaidApiError('ITEM_LOGIN_REQUIRED');
}

/** Transactions must be chosen at Link (seed 004): an Item linked without them cannot read them. */
export function requireTransactions(item: ItemRow): void {
  if (!parseJsonList(item.products).includes('transactions')) {
    throw new PlaidApiError('ADDITIONAL_CONSENT_REQUIRED', { product: 'PRODUCT_TRANSACTIONS' });
  }
}

/** The Item's accounts, narrowed to `account_ids` when given (each must belong to the Item). */
export function selectAccounts(
  item: ItemRow,
  accountIds: readonly string[] | undefined,
): readonly SandboxAccount[] {
  const accounts = accountsForItem(item);
  if (accountIds === undefined) return accounts;
  const known = new Set(accounts.map((a) => a.account_id));
  if (accountIds.some((id) => !known.has(id))) throw new PlaidApiError('INVALID_ACCOUNT_ID');
  return accounts.filter((a) => accountIds.includes(a.account_id));
}

export function findAccount(item: ItemRow, accountId: string): SandboxAccount {
  const account = accountsForItem(item).find((a) => a.account_id === accountId);
  if (!account) throw invalidField('account_id: must be the id of an account of this Item');
  return account;
}

/** Using a product the Item was not linked with adds it, as Plaid does for post-Link products. */
export async function useProduct(ctx: SandboxContext, item: ItemRow, product: string): Promise<ItemRow> {
  const products = parseJsonList(item.products);
  if (products.includes(product)) return item;
  const institution = requireInstitution(item.institution_id);
  requireServedProducts([product]);
  requireSupportedProducts(institution, [product]);
  const updated = JSON.stringify([...products, product]);
  await ctx.state.db
    .updateTable('sandbox_items')
    .set({ products: updated })
    .where('item_id', '=', item.item_id)
    .execute();
  return { ...item, products: updated };
}

/** Products billed per call never show as billed. */
const PAY_PER_CALL = new Set(['balance']);

export function presentItem(item: ItemRow): Wire<ItemWithConsentFields> {
  const institution = findInstitution(item.institution_id);
  const billed = parseJsonList<Wire<Products>>(item.products).filter((p) => !PAY_PER_CALL.has(p));
  // What the Item could still take on here: what its bank offers and this sandbox serves.
  const available = ((institution?.products ?? []) as Wire<Products>[]).filter(
    (p) => !billed.includes(p) && SERVED_PRODUCTS.has(p),
  );
  return {
    item_id: item.item_id,
    institution_id: item.institution_id,
    institution_name: institution?.name ?? null,
    webhook: item.webhook,
    auth_method: 'INSTANT_AUTH',
    error: item.login_required ? plaidErrorObject('ITEM_LOGIN_REQUIRED') : null,
    available_products: available,
    billed_products: billed,
    products: billed,
    consented_products: billed,
    consent_expiration_time: null,
    update_type: 'background',
    created_at: item.created_at,
  };
}

export function presentAccount(account: SandboxAccount) {
  return {
    account_id: account.account_id,
    balances: account.balances,
    mask: account.mask,
    name: account.name,
    official_name: account.official_name,
    type: account.type,
    subtype: account.subtype,
    holder_category: account.holder_category,
  };
}

const accountsJsonCache = new WeakMap<readonly SandboxAccount[], string>();

/**
 * The accounts as Plaid lists them, serialised. An Item's account list is built once and frozen
 * (accountsForItem), so its text is kept beside it: on /accounts/get it is most of the body.
 */
export function accountsJson(accounts: readonly SandboxAccount[]): string {
  let json = accountsJsonCache.get(accounts);
  if (json === undefined) {
    json = JSON.stringify(accounts.map(presentAccount));
    if (Object.isFrozen(accounts)) accountsJsonCache.set(accounts, json);
  }
  return json;
}

const itemJsonCache = new WeakMap<ItemRow, string>();

/** presentItem, serialised; kept beside a cached (frozen) Item row, which no write has changed. */
export function itemJson(item: ItemRow): string {
  let json = itemJsonCache.get(item);
  if (json === undefined) {
    json = JSON.stringify(presentItem(item));
    if (Object.isFrozen(item)) itemJsonCache.set(item, json);
  }
  return json;
}
