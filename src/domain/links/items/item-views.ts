import { notFound } from '../../../lib/errors.js';
import { PlaidFailure } from '../../../plaid/client/errors.js';
import type { Db } from '../../../store/db.js';
import { findLinkedAccount, listItemAccounts } from '../../../store/linked-accounts.store.js';
import { findItemById, listOwnerItems } from '../../../store/plaid-items.store.js';
import type { LinkedAccountsTable, PlaidItemsTable } from '../../../store/schema.js';
import type { OwnerRef } from '../../accounts/accounts.service.js';
import type { Tenant } from '../../tenant.js';
import { toLinkedAccount } from '../link-rows.js';
import type { LinksContext } from '../links.context.js';
import type { BankAccount, HeldItem, LinkedAccount } from '../links.types.js';
import { rowCipher } from '../sealing.js';
import { accessTokenOf } from './held-item.js';
import { applyItemChange, loginChange } from './item-health.js';

function bankAccountOf(ctx: Pick<LinksContext, 'keyring'>, row: LinkedAccountsTable): BankAccount {
  return {
    id: row.id,
    ownerId: row.owner_id,
    lastFour: row.mask,
    routingNumber: rowCipher(ctx.keyring, row.brand_id, row.id).open(
      'routing_number',
      row.routing_number_enc,
    ),
    type: row.account_type.toUpperCase(),
    status: row.status === 'removed' ? 'CLOSED' : row.status === 'revoked' ? 'REVOKED' : 'OPEN',
  };
}

/** An Item with its accounts that are not closed (`rows`: the accounts of it, and maybe of others). */
function heldItemOf(
  ctx: Pick<LinksContext, 'keyring'>,
  item: PlaidItemsTable,
  rows: LinkedAccountsTable[],
  loginStatus: boolean,
): HeldItem {
  return {
    plaidItemId: item.plaid_item_id,
    institutionName: item.institution_name,
    isLoginRequired: loginStatus ? item.is_login_required === 1 : null,
    accounts: rows
      .filter((r) => r.item_id === item.id && r.status !== 'removed')
      .map((r) => bankAccountOf(ctx, r)),
  };
}

/** The Item as its routes present it, and its open accounts as links of `owner`. */
export async function itemView(
  ctx: Pick<LinksContext, 'keyring'>,
  db: Db,
  tenant: Tenant,
  itemId: string,
  owner: OwnerRef,
): Promise<{ item: HeldItem; links: LinkedAccount[] }> {
  const row = await findItemById(db, tenant.brandId, itemId);
  if (!row) throw notFound('Plaid item');
  const rows = await listItemAccounts(db, tenant.brandId, [itemId]);
  return {
    item: heldItemOf(ctx, row, rows, false),
    links: rows.filter((r) => r.status !== 'removed').map((r) => toLinkedAccount(r, owner)),
  };
}

/**
 * The Items' login state as Plaid reports it now (`/item/get`), kept when it moved: a repair
 * made in update mode clears the flag here, as Plaid sends no webhook for it. When Plaid cannot
 * be reached the state the webhooks left stands.
 */
export async function refreshLoginState(
  ctx: LinksContext,
  items: PlaidItemsTable[],
): Promise<PlaidItemsTable[]> {
  return Promise.all(
    items.map(async (item) => {
      if (item.status !== 'active') return item;
      let errorCode: string | null;
      try {
        errorCode = (await ctx.plaid.readItem(accessTokenOf(ctx, item))).errorCode;
      } catch (error) {
        if (!(error instanceof PlaidFailure)) throw error;
        ctx.logger.warn(
          { plaidItemId: item.plaid_item_id, plaidCode: error.plaidCode },
          'item state not read',
        );
        return item;
      }
      const change = loginChange(errorCode);
      if (!change || !(await applyItemChange(ctx.db, ctx.clock, item, change, 'item_get'))) return item;
      return (await findItemById(ctx.db, item.brand_id, item.id)) ?? item;
    }),
  );
}

/** `GET /profiles/:profile_id/plaid/items`, with the login state read from Plaid when asked. */
export async function listItems(
  ctx: LinksContext,
  tenant: Tenant,
  owner: OwnerRef,
  options: { loginStatus: boolean },
): Promise<HeldItem[]> {
  await ctx.accounts.requireOwner(tenant, owner);
  const listed = await listOwnerItems(ctx.db, tenant.brandId, owner.id);
  const items = options.loginStatus ? await refreshLoginState(ctx, listed) : listed;
  const rows = await listItemAccounts(
    ctx.db,
    tenant.brandId,
    items.map((i) => i.id),
  );
  return items.map((item) => heldItemOf(ctx, item, rows, options.loginStatus));
}

/** `GET /plaid/accounts/:account_id`: a bank account of a held Item. */
export async function getBankAccount(
  ctx: LinksContext,
  tenant: Tenant,
  bankAccountId: string,
): Promise<{ item: Pick<HeldItem, 'plaidItemId' | 'institutionName'>; account: BankAccount }> {
  const row = await findLinkedAccount(ctx.db, tenant.brandId, bankAccountId);
  const item = row?.item_id ? await findItemById(ctx.db, tenant.brandId, row.item_id) : undefined;
  if (!row || !item) throw notFound('Bank account');
  return {
    item: { plaidItemId: item.plaid_item_id, institutionName: item.institution_name },
    account: bankAccountOf(ctx, row),
  };
}
