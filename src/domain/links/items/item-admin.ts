import { notFound } from '../../../lib/errors.js';
import { listItemAccounts } from '../../../store/linked-accounts.store.js';
import { recordChange } from '../../access/audit.js';
import type { Tenant } from '../../tenant.js';
import type { LinksContext } from '../links.context.js';
import type { HeldItem } from '../links.types.js';
import { syncAccounts } from './add-item.js';
import { accessTokenOf, plaidCall, requireAccountsOfItem, requireItem } from './held-item.js';
import { itemView } from './item-views.js';

/** The Item webhooks a brand may have the sandbox send, to test how it handles them. */
export const SANDBOX_WEBHOOK_CODES = [
  'NEW_ACCOUNTS_AVAILABLE',
  'USER_PERMISSION_REVOKED',
  'LOGIN_REPAIRED',
  'PENDING_DISCONNECT',
] as const;

export type SandboxItemAction =
  { resetLogin: true } | { webhookCode: (typeof SANDBOX_WEBHOOK_CODES)[number] };

/**
 * `PATCH /plaid/items/:item_id`: the Item's accounts become the ones named (Plaid account ids, or
 * the ids of its bank accounts); the others close, new ones are read from Plaid.
 */
export async function setItemAccounts(
  ctx: LinksContext,
  tenant: Tenant,
  plaidItemId: string,
  ids: string[],
): Promise<HeldItem> {
  const item = await requireItem(ctx, tenant, plaidItemId);
  const rows = await listItemAccounts(ctx.db, tenant.brandId, [item.id]);
  const byId = new Map(rows.map((r) => [r.id, r.plaid_account_id]));
  const wanted = [...new Set(ids.map((id) => byId.get(id) ?? id))];
  const accessToken = accessTokenOf(ctx, item);
  const live = await plaidCall(() => ctx.plaid.readItemAccounts(accessToken));
  requireAccountsOfItem(wanted, live, 'plaid_bank_account_ids');
  await syncAccounts(ctx, item, wanted, {
    cardAccountId: rows[0]?.account_id ?? null,
    accessToken,
    how: { mode: 'exact' },
    newItem: false,
    finish: (tx) =>
      recordChange(
        tx,
        tenant,
        { action: 'item.accounts_changed', objectType: 'item', objectId: item.id },
        ctx.clock.now().toISOString(),
      ),
  });
  const owner = await ctx.accounts.ownerRef(tenant, item.owner_id);
  return (await itemView(ctx, ctx.db, tenant, item.id, owner)).item;
}

/**
 * Sandbox only (Linkport holds the access token the sandbox's tools need): breaks the Item's login
 * (`reset_login`) or has Plaid send one of its webhooks, which then reach Linkport as at Plaid. On
 * production Plaid there are no such routes: a 404.
 */
export async function sandboxItemAction(
  ctx: LinksContext,
  tenant: Tenant,
  plaidItemId: string,
  action: SandboxItemAction,
): Promise<void> {
  if (!ctx.sandbox) throw notFound('Route');
  const item = await requireItem(ctx, tenant, plaidItemId);
  const accessToken = accessTokenOf(ctx, item);
  await plaidCall(() =>
    'resetLogin' in action
      ? ctx.plaid.sandboxResetLogin(accessToken)
      : ctx.plaid.sandboxFireWebhook(accessToken, action.webhookCode),
  );
}
