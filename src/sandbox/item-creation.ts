import { addMs } from '../lib/time.js';
import { accountsForItem } from './data/accounts.js';
import { type CustomUserConfig, customTransactions, parseCustomUser } from './data/custom-user.js';
import { type MfaChallenge, mfaChallengeFor } from './data/mfa.js';
import type { SandboxInstitution } from './data/institutions.js';
import type { SandboxContext } from './endpoint.js';
import { isLoginErrorCode, PlaidApiError } from './errors.js';
import { newPlaidId, newToken } from './ids.js';
import { addDays, isoDate } from './transactions/calendar.js';
import { generateTransactions } from './transactions/generate.js';
import type { GeneratedTransaction } from './transactions/generated.js';
import { insertTransactions } from './transactions/store.js';
import { enqueueWebhook } from './webhooks.js';
import type { ItemRow, SandboxDb } from './state.js';

/**
 * How an Item comes to be: a sandbox login checked, then the Item, its public token and (with
 * Transactions) its history and the webhooks that announce it, written together.
 */

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
  const itemId = item.itemId ?? newPlaidId();
  const history = item.products.includes('transactions') ? transactionHistory(itemId, item, ctx.now) : [];
  await ctx.state.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('sandbox_items')
      .values(itemRow(ctx, item, itemId, history.length > 0))
      .execute();
    await insertPublicToken(tx, publicToken, itemId, ctx.now);
    if (history.length > 0) await insertHistory(tx, ctx.now, item, itemId, history);
    if (also) await also(tx, publicToken);
  });
  return publicToken;
}

function itemRow(ctx: SandboxContext, item: NewItem, itemId: string, withHistory: boolean): ItemRow {
  const now = ctx.now.toISOString();
  return {
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
    transactions_updated_at: withHistory ? now : null,
  };
}

/** The new Item's history, and the webhooks Plaid sends once it is ready. */
async function insertHistory(
  tx: SandboxDb,
  now: Date,
  item: NewItem,
  itemId: string,
  history: GeneratedTransaction[],
): Promise<void> {
  await insertTransactions(tx, itemId, history, isoDate(now));
  if (!item.webhook) return;
  await enqueueWebhook(tx, now, item.webhook, {
    webhook_type: 'TRANSACTIONS',
    webhook_code: 'SYNC_UPDATES_AVAILABLE',
    item_id: itemId,
    initial_update_complete: true,
    historical_update_complete: true,
  });
  // The legacy pair, for integrations still on /transactions/get (Plaid sends both).
  const recent = history.filter((t) => t.date >= addDays(isoDate(now), -29)).length;
  await enqueueWebhook(tx, now, item.webhook, {
    webhook_type: 'TRANSACTIONS',
    webhook_code: 'INITIAL_UPDATE',
    item_id: itemId,
    new_transactions: recent,
    error: null,
  });
  await enqueueWebhook(tx, now, item.webhook, {
    webhook_type: 'TRANSACTIONS',
    webhook_code: 'HISTORICAL_UPDATE',
    item_id: itemId,
    new_transactions: history.length,
    error: null,
  });
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
