import type { ItemWithConsentFields, Products } from 'plaid';
import { addMs } from '../lib/time.js';
import { accountsForItem, type SandboxAccount } from './data/accounts.js';
import { type CustomUserConfig, customTransactions, parseCustomUser } from './data/custom-user.js';
import { type MfaChallenge, mfaChallengeFor } from './data/mfa.js';
import { findInstitution, type SandboxInstitution } from './data/institutions.js';
import { SERVED_PRODUCTS, unservedNote, unservedProducts } from './data/products.js';
import type { SandboxContext } from './endpoint.js';
import { invalidField, isLoginErrorCode, PlaidApiError, plaidErrorObject } from './errors.js';
import { isWellFormedToken, newPlaidId, newToken } from './ids.js';
import { preparedQuery } from '../lib/prepared-query.js';
import { addDays, isoDate } from './transactions/calendar.js';
import { generateTransactions } from './transactions/generate.js';
import { insertTransactions } from './transactions/store.js';
import { enqueueWebhook } from './webhooks.js';
import { cacheOf, type ReadCache } from './read-cache.js';
import { type ItemRow, parseJsonList, type SandboxDb, type SandboxState } from './state.js';
import type { Wire } from './wire.js';

export const PUBLIC_TOKEN_TTL_MS = 30 * 60 * 1000;
export const DEFAULT_DAYS_REQUESTED = 90;

export interface SandboxLogin {
  /** A `user_custom` login's configuration (accounts, identity, transactions). */
  customConfig: CustomUserConfig | null;
  /** The challenge Link puts the user through before the login succeeds. */
  mfa: MfaChallenge | null;
}

/**
 * The sandbox users and what their passwords do (reference §7.2). Over the API
 * (`/sandbox/public_token/create`) an MFA password logs in directly, as at Plaid; Link asks the
 * challenge first.
 */
export function checkSandboxLogin(username: string, password: string): SandboxLogin {
  if (username === 'user_custom') return { customConfig: parseCustomUser(password), mfa: null };
  if (password.startsWith('error_')) {
    const code = password.slice('error_'.length);
    throw new PlaidApiError(isLoginErrorCode(code) ? code : 'INVALID_CREDENTIALS');
  }
  if (username === 'user_good') {
    if (password === 'pass_good') return { customConfig: null, mfa: null };
    const mfa = mfaChallengeFor(password);
    if (!mfa) throw new PlaidApiError('INVALID_CREDENTIALS');
    return { customConfig: null, mfa };
  }
  if (username === 'user_transactions_dynamic' && password.trim() !== '') {
    return { customConfig: null, mfa: null };
  }
  throw new PlaidApiError('INVALID_CREDENTIALS');
}

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

export interface NewItem {
  /** The id Link chose when the login succeeded (its accounts were shown under it); new otherwise. */
  itemId?: string;
  institution: SandboxInstitution;
  username: string;
  products: readonly string[];
  webhook: string | null;
  daysRequested: number;
  customConfig: CustomUserConfig | null;
  /** The accounts chosen at Link; null for every account of the login. */
  accountIds: readonly string[] | null;
}

/** A public token for an Item: single use, 30 minutes. */
export async function insertPublicToken(
  db: SandboxDb,
  publicToken: string,
  itemId: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto('sandbox_public_tokens')
    .values({
      public_token: publicToken,
      item_id: itemId,
      created_at: now.toISOString(),
      expires_at: addMs(now, PUBLIC_TOKEN_TTL_MS).toISOString(),
      exchanged_at: null,
    })
    .execute();
}

/**
 * Creates an Item and the public token that stands for it, in one transaction; `also` runs in the
 * same transaction (Link records its session's result there).
 */
export async function createItemWithPublicToken(
  ctx: SandboxContext,
  item: NewItem,
  also?: (tx: SandboxDb, publicToken: string) => Promise<void>,
): Promise<string> {
  const publicToken = newToken('public');
  const now = ctx.now.toISOString();
  const itemId = item.itemId ?? newPlaidId();
  const history = item.products.includes('transactions') ? transactionHistory(itemId, item, ctx.now) : [];
  await ctx.state.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('sandbox_items')
      .values({
        item_id: itemId,
        client_id: ctx.clientId,
        access_token: newToken('access'),
        institution_id: item.institution.institution_id,
        username: item.username,
        custom_config: item.customConfig ? JSON.stringify(item.customConfig) : null,
        account_ids: item.accountIds ? JSON.stringify(item.accountIds) : null,
        products: JSON.stringify(item.products),
        webhook: item.webhook,
        login_required: 0,
        days_requested: item.daysRequested,
        created_at: now,
        removed_at: null,
        transactions_updated_at: history.length > 0 ? now : null,
      })
      .execute();
    await insertPublicToken(tx, publicToken, itemId, ctx.now);
    if (history.length > 0) {
      await insertTransactions(tx, itemId, history, isoDate(ctx.now));
      if (item.webhook) {
        await enqueueWebhook(tx, ctx.now, item.webhook, {
          webhook_type: 'TRANSACTIONS',
          webhook_code: 'SYNC_UPDATES_AVAILABLE',
          item_id: itemId,
          initial_update_complete: true,
          historical_update_complete: true,
        });
        // The legacy pair, for integrations still on /transactions/get (Plaid sends both).
        const recent = history.filter((t) => t.date >= addDays(isoDate(ctx.now), -29)).length;
        await enqueueWebhook(tx, ctx.now, item.webhook, {
          webhook_type: 'TRANSACTIONS',
          webhook_code: 'INITIAL_UPDATE',
          item_id: itemId,
          new_transactions: recent,
          error: null,
        });
        await enqueueWebhook(tx, ctx.now, item.webhook, {
          webhook_type: 'TRANSACTIONS',
          webhook_code: 'HISTORICAL_UPDATE',
          item_id: itemId,
          new_transactions: history.length,
          error: null,
        });
      }
    }
    if (also) await also(tx, publicToken);
  });
  return publicToken;
}

/** `days_requested` bounds the history: that many days up to today. */
function transactionHistory(itemId: string, item: NewItem, now: Date) {
  const today = isoDate(now);
  const custom_config = item.customConfig ? JSON.stringify(item.customConfig) : null;
  const accounts = accountsForItem({
    item_id: itemId,
    username: item.username,
    custom_config,
    account_ids: item.accountIds ? JSON.stringify(item.accountIds) : null,
  });
  if (item.customConfig) return customTransactions(itemId, item.customConfig, accounts);
  return generateTransactions({
    seed: itemId,
    itemId,
    accounts,
    from: addDays(today, -(item.daysRequested - 1)),
    to: today,
  });
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
