import type { Clock } from '../../../lib/clock.js';
import type { Db } from '../../../store/db.js';
import { setItemAccountsStatus } from '../../../store/linked-accounts.store.js';
import { findItemAnyBrand, moveItemFrom } from '../../../store/plaid-items.store.js';
import type { LinkedAccountStatus, PlaidItemsTable } from '../../../store/schema.js';
import { transact } from '../../../store/tx.js';
import { emit } from '../../events/emit.js';

/** What happened to an Item held by Linkport, as Plaid reports it. */
export type ItemChange = 'login_required' | 'repaired' | 'revoked' | 'new_accounts_available';
export type ItemChangeSource = 'webhook' | 'item_get' | 'update_mode';

/** Plaid errors that the user fixes in update mode: the Item needs a login. */
export const LOGIN_ERRORS = new Set([
  'ITEM_LOGIN_REQUIRED',
  'ITEM_LOCKED',
  'USER_SETUP_REQUIRED',
  'PENDING_EXPIRATION',
]);

/**
 * What `/item/get`'s error says about the login: no error means it works; a login error that it
 * needs the user; any other error (the bank is down, say) says nothing about the login.
 */
export function loginChange(errorCode: string | null): 'login_required' | 'repaired' | null {
  if (errorCode === null) return 'repaired';
  return LOGIN_ERRORS.has(errorCode) ? 'login_required' : null;
}

/** What an Item webhook means, if anything Linkport tracks. */
export function itemChangeFor(webhook: {
  webhook_type: string;
  webhook_code: string;
  error?: { error_code: string } | null | undefined;
}): ItemChange | null {
  if (webhook.webhook_type !== 'ITEM') return null;
  switch (webhook.webhook_code) {
    case 'ERROR':
      return webhook.error && LOGIN_ERRORS.has(webhook.error.error_code) ? 'login_required' : null;
    case 'LOGIN_REPAIRED':
      return 'repaired';
    case 'USER_PERMISSION_REVOKED':
      return 'revoked';
    case 'NEW_ACCOUNTS_AVAILABLE':
      return 'new_accounts_available';
    default:
      return null;
  }
}

/** The Item's columns after the change, or null when it changes nothing (webhooks repeat). */
function nextState(item: PlaidItemsTable, change: ItemChange): Partial<PlaidItemsTable> | null {
  if (item.status !== 'active') return null;
  switch (change) {
    case 'login_required':
      return item.is_login_required ? null : { is_login_required: 1 };
    case 'repaired':
      return item.is_login_required ? { is_login_required: 0 } : null;
    case 'revoked':
      return { status: 'revoked', is_login_required: 0 };
    case 'new_accounts_available':
      return item.new_accounts_available ? null : { new_accounts_available: 1 };
  }
}

/** The status the Item's open accounts take, when the change moves them. */
const ACCOUNT_STATUS: Record<ItemChange, LinkedAccountStatus | null> = {
  login_required: 'login_required',
  repaired: 'active',
  revoked: 'revoked',
  new_accounts_available: null,
};

/**
 * Moves a held Item's health, its accounts' status with it, and records the brand event
 * (`item.login_required`, `item.repaired`, `item.revoked`, `item.new_accounts_available`), all in
 * one transaction, only from the state it was decided on. Returns whether anything changed.
 */
export async function applyItemChange(
  db: Db,
  clock: Clock,
  item: PlaidItemsTable,
  change: ItemChange,
  source: ItemChangeSource,
): Promise<boolean> {
  const next = nextState(item, change);
  if (!next) return false;
  const now = clock.now().toISOString();
  const accountStatus = ACCOUNT_STATUS[change];
  return transact(db, async (tx) => {
    if (!(await moveItemFrom(tx, item, { ...next, updated_at: now }))) return false;
    if (accountStatus) await setItemAccountsStatus(tx, item.brand_id, item.id, accountStatus, now);
    await emit(
      tx,
      item.brand_id,
      {
        type: `item.${change}`,
        subjectId: item.id,
        data: { plaid_item_id: item.plaid_item_id, owner_id: item.owner_id, source },
      },
      now,
    );
    return true;
  });
}

/** Plaid's Item webhooks (they name the `item_id`) for Items Linkport holds. */
export async function applyItemWebhook(
  db: Db,
  clock: Clock,
  webhook: { item_id: string } & Parameters<typeof itemChangeFor>[0],
): Promise<number> {
  const change = itemChangeFor(webhook);
  if (!change) return 0;
  const item = await findItemAnyBrand(db, webhook.item_id);
  if (!item) return 0;
  return (await applyItemChange(db, clock, item, change, 'webhook')) ? 1 : 0;
}
