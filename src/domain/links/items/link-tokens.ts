import { AppError, notFound } from '../../../lib/errors.js';
import { findBrand } from '../../../store/brands.store.js';
import { findLinkedAccount } from '../../../store/linked-accounts.store.js';
import { findItemById } from '../../../store/plaid-items.store.js';
import { isRedirectAllowed } from '../../../store/redirects.store.js';
import type { PlaidItemsTable } from '../../../store/schema.js';
import type { OwnerRef } from '../../accounts/accounts.service.js';
import type { Tenant } from '../../tenant.js';
import type { LinksContext } from '../links.context.js';
import type { LinkReturn } from '../links.types.js';
import { accessTokenOf, plaidCall, requireItem } from './held-item.js';

export interface IssuedLinkToken {
  linkToken: string;
  expiration: string;
}

/** A redirect URI or Android package must be on the brand's allow-list, as at Plaid's dashboard. */
async function requireReturn(ctx: LinksContext, tenant: Tenant, target: LinkReturn): Promise<void> {
  if (target.redirectUri !== undefined && target.androidPackageName !== undefined)
    throw new AppError(
      'validation_error',
      'redirect_uri: send either redirect_uri (web) or android_package_name (Android), not both.',
    );
  const [kind, value] =
    target.redirectUri !== undefined
      ? (['redirect_uri', target.redirectUri] as const)
      : (['android_package_name', target.androidPackageName] as const);
  if (value === undefined || (await isRedirectAllowed(ctx.db, tenant.brandId, kind, value))) return;
  throw new AppError(
    'validation_error',
    `${kind}: ${value} is not registered for this brand. Register it first with \`linkport brands allow-redirect --brand <brand_id> ${kind === 'android_package_name' ? '--android ' : ''}${value}\` (or POST /admin/brands/{brand_id}/redirects).`,
  );
}

async function issueLinkToken(
  ctx: LinksContext,
  tenant: Tenant,
  ownerId: string,
  target: LinkReturn,
  update?: { item: PlaidItemsTable; accountSelection: boolean },
): Promise<IssuedLinkToken> {
  await requireReturn(ctx, tenant, target);
  const brand = await findBrand(ctx.db, tenant.brandId);
  return plaidCall(() =>
    ctx.plaid.createLinkToken({
      clientName: brand?.name ?? 'Linkport',
      clientUserId: ownerId,
      webhook: ctx.webhookUrl(),
      redirectUri: target.redirectUri,
      androidPackageName: target.androidPackageName,
      accessToken: update ? accessTokenOf(ctx, update.item) : undefined,
      accountSelection: update?.accountSelection,
      linkCustomizationName: ctx.linkCustomizationName,
    }),
  );
}

/** `POST /plaid/links` and `POST /api/v0.1/plaid/link_token`: a link token for a new Item. */
export async function createLinkToken(
  ctx: LinksContext,
  tenant: Tenant,
  owner: OwnerRef,
  target: LinkReturn,
): Promise<IssuedLinkToken> {
  await ctx.accounts.requireOwner(tenant, owner);
  return issueLinkToken(ctx, tenant, owner.id, target);
}

/** `POST /plaid/items/:item_id/links`: update mode, with the account select or not. */
export async function createItemUpdateLinkToken(
  ctx: LinksContext,
  tenant: Tenant,
  plaidItemId: string,
  options: LinkReturn & { selectAccounts: boolean },
): Promise<IssuedLinkToken> {
  const item = await requireItem(ctx, tenant, plaidItemId);
  return issueLinkToken(ctx, tenant, item.owner_id, options, {
    item,
    accountSelection: options.selectAccounts,
  });
}

/** Update mode by linked account (customers, businesses, Pay-by-Bank users): the Item behind it. */
export async function createAccountUpdateLinkToken(
  ctx: LinksContext,
  tenant: Tenant,
  owner: OwnerRef,
  linkedAccountId: string,
  options: LinkReturn & { selectAccounts: boolean },
): Promise<IssuedLinkToken> {
  await ctx.accounts.requireOwner(tenant, owner);
  const link = await findLinkedAccount(ctx.db, tenant.brandId, linkedAccountId);
  if (!link || link.owner_id !== owner.id || link.status === 'removed') throw notFound('Linked account');
  if (!link.item_id)
    throw new AppError(
      'validation_error',
      "linked_account_id: this account was linked with a processor token, so its Plaid Item is the brand's: open update mode with the brand's own access token.",
    );
  const item = await findItemById(ctx.db, tenant.brandId, link.item_id);
  if (!item) throw notFound('Linked account');
  return createItemUpdateLinkToken(ctx, tenant, item.plaid_item_id, options);
}
