import { AppError } from '../../../lib/errors.js';
import { newId } from '../../../lib/ids.js';
import { PlaidFailure } from '../../../plaid/client/errors.js';
import { listItemAccounts } from '../../../store/linked-accounts.store.js';
import { findItemAnyBrand } from '../../../store/plaid-items.store.js';
import type { PlaidItemsTable } from '../../../store/schema.js';
import type { Commit } from '../../idempotency/idempotency.service.js';
import { recordChange } from '../../access/audit.js';
import type { Tenant } from '../../tenant.js';
import type { LinksContext } from '../links.context.js';
import type { AddedItem, AddItemInput } from '../links.types.js';
import { sealAccessToken } from '../sealing.js';
import { isEligible, plaidCall, requireAccountsOfItem } from './held-item.js';
import { applyAccountPlan, type PlanMode, planAccounts } from './item-accounts.js';
import { applyItemChange, loginChange } from './item-health.js';
import { itemView } from './item-views.js';

/** What the Item is, read from Plaid right after the exchange. */
interface ExchangedItem {
  accessToken: string;
  itemId: string;
}

/**
 * `POST /plaid/items` and `POST /api/v0.1/plaid/public_token`: exchanges the public token and links
 * the chosen accounts. A public token from update mode names an Item Linkport already holds: that
 * Item is repaired and its accounts follow the user's new choice.
 */
export async function addItem(
  ctx: LinksContext,
  tenant: Tenant,
  input: AddItemInput,
  commit?: Commit<AddedItem>,
): Promise<AddedItem> {
  await ctx.accounts.requireOwner(tenant, input.owner);
  const exchanged = await plaidCall(
    () => ctx.plaid.exchangePublicToken(input.publicToken),
    input.publicTokenField,
  );
  const known = await findItemAnyBrand(ctx.db, exchanged.itemId);
  if (known && (known.brand_id !== tenant.brandId || known.owner_id !== input.owner.id))
    throw new AppError('conflict', 'This Plaid item is already linked to another owner.');
  try {
    return await adoptItem(ctx, tenant, input, exchanged, known, commit);
  } catch (error) {
    if (known) throw spentTokenFailure(error, input.publicTokenField);
    // A new Item that could not be kept would otherwise live on at Plaid with nobody holding it.
    await ctx.plaid.removeItem(exchanged.accessToken).catch((failure: unknown) => {
      ctx.logger.error(
        {
          plaidItemId: exchanged.itemId,
          plaidCode: failure instanceof PlaidFailure ? failure.plaidCode : null,
        },
        'exchanged item not kept and not removed at Plaid',
      );
    });
    throw spentTokenFailure(error, input.publicTokenField);
  }
}

/**
 * `POST /api/v0.1/plaid/public_token`: as addItem, for a customer or business (whose accounts link to
 * its card account, the one named or its only one) or a Pay-by-Bank user (who has none).
 */
export async function addOwnerItem(
  ctx: LinksContext,
  tenant: Tenant,
  input: Omit<AddItemInput, 'cardAccountId'>,
  cardAccountId: string | undefined,
  commit?: Commit<AddedItem>,
): Promise<AddedItem> {
  // Unknown owner first (404), then its card account.
  await ctx.accounts.requireOwner(tenant, input.owner);
  const card =
    input.owner.kind === 'pbb_user'
      ? null
      : await ctx.accounts.resolveForLink(tenant, input.owner, cardAccountId);
  return addItem(ctx, tenant, { ...input, cardAccountId: card?.id ?? null }, commit);
}

/** addItem's second half, once the public token is exchanged. */
async function adoptItem(
  ctx: LinksContext,
  tenant: Tenant,
  input: AddItemInput,
  exchanged: ExchangedItem,
  known: PlaidItemsTable | undefined,
  commit?: Commit<AddedItem>,
): Promise<AddedItem> {
  const { accessToken } = exchanged;
  const [state, live] = await plaidCall(() =>
    Promise.all([ctx.plaid.readItem(accessToken), ctx.plaid.readItemAccounts(accessToken)]),
  );
  if (input.institutionId !== undefined && state.institutionId && input.institutionId !== state.institutionId)
    throw new AppError(
      'validation_error',
      `plaid_institution.id: the Plaid item is at ${state.institutionId}, not ${input.institutionId}.`,
    );
  const wanted = [...new Set(input.plaidAccountIds ?? live.filter(isEligible).map((a) => a.plaidAccountId))];
  requireAccountsOfItem(wanted, live, input.plaidAccountIdsField);
  if (state.webhook !== ctx.webhookUrl())
    await plaidCall(() => ctx.plaid.setItemWebhook(accessToken, ctx.webhookUrl()));
  const item = known ?? (await newItemRow(ctx, tenant, input, exchanged, state));
  // A public token from update mode: the login works again (Plaid sends no webhook for that).
  if (known && loginChange(state.errorCode) === 'repaired')
    await applyItemChange(ctx.db, ctx.clock, known, 'repaired', 'update_mode');
  const how: PlanMode = known
    ? { mode: 'follow', liveIds: live.map((a) => a.plaidAccountId) }
    : { mode: 'exact' };
  let added: AddedItem | undefined;
  await syncAccounts(ctx, item, wanted, {
    cardAccountId: input.cardAccountId,
    accessToken,
    how,
    newItem: !known,
    finish: async (tx) => {
      const change = {
        action: known ? 'item.relinked' : 'item.linked',
        objectType: 'item',
        objectId: item.id,
      };
      await recordChange(tx, tenant, change, ctx.clock.now().toISOString());
      added = { ...(await itemView(ctx, tx, tenant, item.id, input.owner)), created: !known };
      await commit?.(tx, added);
    },
  });
  if (!added) throw new Error('the account plan committed without its view');
  return added;
}

async function newItemRow(
  ctx: LinksContext,
  tenant: Tenant,
  input: AddItemInput,
  exchanged: ExchangedItem,
  state: { institutionId: string | null; errorCode: string | null },
): Promise<PlaidItemsTable> {
  const bank = state.institutionId ? await ctx.institutions.get(state.institutionId) : null;
  const now = ctx.clock.now().toISOString();
  const item: PlaidItemsTable = {
    id: newId(),
    brand_id: tenant.brandId,
    owner_id: input.owner.id,
    plaid_item_id: exchanged.itemId,
    institution_id: state.institutionId,
    institution_name: bank?.name ?? null,
    access_token_enc: '',
    status: 'active',
    is_login_required: loginChange(state.errorCode) === 'login_required' ? 1 : 0,
    new_accounts_available: 0,
    created_at: now,
    updated_at: now,
    removed_at: null,
  };
  item.access_token_enc = sealAccessToken(ctx.keyring, item, exchanged.accessToken);
  return item;
}

/** Reads what the plan needs from Plaid and writes it in one transaction. */
export async function syncAccounts(
  ctx: LinksContext,
  item: PlaidItemsTable,
  wanted: string[],
  write: {
    cardAccountId: string | null;
    accessToken: string;
    how: PlanMode;
    newItem: boolean;
    finish?: Parameters<typeof applyAccountPlan>[3]['finish'];
  },
): Promise<void> {
  const rows = await listItemAccounts(ctx.db, item.brand_id, [item.id]);
  const plan = await planAccounts(
    {
      db: ctx.db,
      keyring: ctx.keyring,
      readNumbers: (ids) => plaidCall(() => ctx.plaid.readItemNumbers(write.accessToken, ids)),
    },
    item,
    rows,
    wanted,
    write.how,
  );
  await applyAccountPlan(ctx.db, ctx.keyring, ctx.clock, {
    item,
    plan,
    cardAccountId: write.cardAccountId,
    newItem: write.newItem,
    ...(write.finish ? { finish: write.finish } : {}),
  });
}

/** Plaid failing after the exchange: the public token is spent, which a plain 503 would not say. */
function spentTokenFailure(error: unknown, publicTokenField: string): unknown {
  if (!(error instanceof AppError) || error.code !== 'unavailable') return error;
  return new AppError(
    'unavailable',
    `Plaid failed after ${publicTokenField} was exchanged, so that public token is spent and no accounts were changed. Open Link again for a new one.`,
    { headers: { ...error.headers }, cause: error },
  );
}
