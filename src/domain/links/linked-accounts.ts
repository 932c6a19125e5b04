import { notFound } from '../../lib/errors.js';
import { findAccount } from '../../store/accounts.store.js';
import { recordChange, recordChanges } from '../access/audit.js';
import {
  findLinkedAccount,
  type LinkedAccountWithLogo,
  listLiveLinkedAccounts,
  updateLiveLinkedAccount,
} from '../../store/linked-accounts.store.js';
import { findItemById, lockItem } from '../../store/plaid-items.store.js';
import { transact } from '../../store/tx.js';
import type { OwnerRef } from '../accounts/accounts.service.js';
import { emit } from '../events/emit.js';
import type { Tenant } from '../tenant.js';
import { refreshLoginState } from './items/item-views.js';
import { releaseItemIfEmpty } from './items/item-removal.js';
import { toLinkedAccount, toRemovedLink } from './link-rows.js';
import type { LinksContext } from './links.context.js';
import type { LinkedAccount, RemovedLink, ResolvedLinkedAccount } from './links.types.js';
import { rowCipher } from './sealing.js';

/**
 * Links whose held Item needs a login are checked against Plaid's live state before they are
 * listed: a repair made in update mode sends no webhook, and the status must not stick.
 */
async function refreshBrokenItems(ctx: LinksContext, tenant: Tenant, rows: LinkedAccountWithLogo[]) {
  const itemIds = [
    ...new Set(rows.filter((r) => r.item_id && r.status === 'login_required').map((r) => r.item_id ?? '')),
  ];
  if (itemIds.length === 0) return false;
  const items = (await Promise.all(itemIds.map((id) => findItemById(ctx.db, tenant.brandId, id)))).filter(
    (i) => i !== undefined,
  );
  const after = await refreshLoginState(ctx, items);
  return after.some((item, i) => item.is_login_required !== items[i]?.is_login_required);
}

/**
 * The live links of a card account (or of an owner without one: Pay-by-Bank users); `full`
 * reveals the numbers and records that it did, one audit entry per account.
 */
export async function listLinks(
  ctx: LinksContext,
  tenant: Tenant,
  scope: { accountId: string } | { owner: OwnerRef },
  options: { full: boolean },
): Promise<LinkedAccount[]> {
  let ownerRef: OwnerRef;
  if ('accountId' in scope) {
    const card = await findAccount(ctx.db, tenant.brandId, scope.accountId);
    if (!card) throw notFound('Account');
    ownerRef = await ctx.accounts.ownerRef(tenant, card.owner_id);
  } else {
    await ctx.accounts.requireOwner(tenant, scope.owner);
    ownerRef = scope.owner;
  }
  const where = 'accountId' in scope ? { accountId: scope.accountId } : { ownerId: scope.owner.id };
  let rows = await listLiveLinkedAccounts(ctx.db, tenant.brandId, where);
  if (await refreshBrokenItems(ctx, tenant, rows))
    rows = await listLiveLinkedAccounts(ctx.db, tenant.brandId, where);
  if (options.full) await auditReveal(ctx, tenant, rows);
  return rows.map((r) => {
    const sealed = rowCipher(ctx.keyring, tenant.brandId, r.id);
    const routing = sealed.open('routing_number', r.routing_number_enc);
    return {
      ...toLinkedAccount(r, ownerRef),
      bankLogo: r.bank_logo,
      routingMask: routing.slice(-4),
      numbers: options.full
        ? { routing, account: sealed.open('account_number', r.account_number_enc) }
        : null,
    };
  });
}

/** Each reveal of full numbers, as a change in the audit log (the numbers themselves never are). */
async function auditReveal(ctx: LinksContext, tenant: Tenant, rows: LinkedAccountWithLogo[]) {
  await recordChanges(
    ctx.db,
    tenant,
    rows.map((r) => ({
      action: 'external_account.numbers_revealed',
      objectType: 'external_account',
      objectId: r.id,
    })),
    ctx.clock.now().toISOString(),
  );
}

/**
 * Removes a link: kept, marked removed, hidden. Removing it again, or at the same time, answers the
 * one stored removal. With `accountId` (the v0 path) the link must hang off that card account. The
 * last account of a held Item takes the Item with it (see items/item-removal.ts).
 */
export async function removeLink(
  ctx: LinksContext,
  tenant: Tenant,
  linkedAccountId: string,
  accountId?: string,
): Promise<RemovedLink> {
  const row = await findLinkedAccount(ctx.db, tenant.brandId, linkedAccountId);
  if (!row || (accountId !== undefined && row.account_id !== accountId)) throw notFound('Linked account');
  const ownerRef = await ctx.accounts.ownerRef(tenant, row.owner_id);
  if (row.status === 'removed' && row.removed_at) return toRemovedLink(row, row.removed_at, ownerRef);
  const now = ctx.clock.now().toISOString();
  const removedAt = await transact(ctx.db, async (tx) => {
    const item = row.item_id ? await lockItem(tx, tenant.brandId, row.item_id) : undefined;
    const removed = await updateLiveLinkedAccount(tx, tenant.brandId, row.id, {
      status: 'removed',
      removed_at: now,
      updated_at: now,
    });
    // Removed by a request that ran at the same time: its removal is the one to answer.
    if (!removed) return (await findLinkedAccount(tx, tenant.brandId, row.id))?.removed_at ?? now;
    await emit(
      tx,
      tenant.brandId,
      {
        type: 'external_account.removed',
        subjectId: row.id,
        data: {
          linked_account_id: row.id,
          account_id: row.account_id,
          plaid_item_id: item?.plaid_item_id ?? null,
        },
      },
      now,
    );
    if (item) await releaseItemIfEmpty(tx, ctx.queue, item, now);
    const change = { action: 'external_account.removed', objectType: 'external_account', objectId: row.id };
    await recordChange(tx, tenant, change, now);
    return now;
  });
  return toRemovedLink(row, removedAt, ownerRef);
}

/**
 * The one lookup later modules use (transfers, insights): a linked account of the brand with its
 * owner, bank, sealed numbers and the way to reach Plaid for it, whichever way it was linked.
 * Removed links are not found.
 */
export async function resolveLinkedAccount(
  ctx: LinksContext,
  tenant: Tenant,
  id: string,
): Promise<ResolvedLinkedAccount> {
  const row = await findLinkedAccount(ctx.db, tenant.brandId, id);
  if (!row || row.status === 'removed') throw notFound('Linked account');
  const cipher = rowCipher(ctx.keyring, tenant.brandId, row.id);
  const item = row.item_id ? await findItemById(ctx.db, tenant.brandId, row.item_id) : undefined;
  const plaid: ResolvedLinkedAccount['plaid'] = item
    ? {
        via: 'access_token',
        plaidItemId: item.plaid_item_id,
        accessToken: rowCipher(ctx.keyring, item.brand_id, item.id).sealed(
          'access_token',
          item.access_token_enc,
        ),
      }
    : {
        via: 'processor_token',
        processorToken: cipher.sealed('processor_token', row.processor_token_enc ?? ''),
      };
  return {
    id: row.id,
    brandId: row.brand_id,
    owner: await ctx.accounts.ownerRef(tenant, row.owner_id),
    accountId: row.account_id,
    status: row.status,
    institution: { id: row.institution_id, name: row.bank_name },
    accountType: row.account_type,
    mask: row.mask,
    plaidAccountId: row.plaid_account_id,
    numbers: {
      routing: cipher.sealed('routing_number', row.routing_number_enc),
      account: cipher.sealed('account_number', row.account_number_enc),
    },
    plaid,
  };
}
