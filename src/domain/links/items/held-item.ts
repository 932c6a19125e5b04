import { AppError, notFound } from '../../../lib/errors.js';
import type { ItemAccount } from '../../../plaid/client/types.js';
import { findItem } from '../../../store/plaid-items.store.js';
import type { PlaidItemsTable } from '../../../store/schema.js';
import type { Tenant } from '../../tenant.js';
import type { LinksContext } from '../links.context.js';
import { itemFailure } from '../plaid-failures.js';
import { openAccessToken } from '../sealing.js';

/** Plaid calls on an Item Linkport holds: a failure becomes the brand's error (hosted linking). */
export async function plaidCall<T>(run: () => Promise<T>, publicTokenField?: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw itemFailure(error, publicTokenField);
  }
}

export const accessTokenOf = (ctx: LinksContext, item: PlaidItemsTable) => openAccessToken(ctx.keyring, item);

/** The brand's held Item, by Plaid's item id: not removed, and not revoked by the user. */
export async function requireItem(
  ctx: LinksContext,
  tenant: Tenant,
  plaidItemId: string,
): Promise<PlaidItemsTable> {
  const item = await findItem(ctx.db, tenant.brandId, plaidItemId);
  if (!item || item.status === 'removed') throw notFound('Plaid item');
  if (item.status === 'revoked')
    throw new AppError(
      'unprocessable',
      "The user revoked Plaid's access to this item; its accounts cannot be used. Link the bank again with a new link token.",
    );
  return item;
}

const ELIGIBLE_SUBTYPES = new Set(['checking', 'savings']);

/** Checking and savings accounts: the ones money moves to and from. */
export const isEligible = (account: ItemAccount) =>
  account.type === 'depository' && account.subtype !== null && ELIGIBLE_SUBTYPES.has(account.subtype);

/** The chosen ids must be checking or savings accounts of the Item (at least one). */
export function requireAccountsOfItem(wanted: string[], live: ItemAccount[], field: string): void {
  if (wanted.length === 0)
    throw new AppError(
      'account_not_supported',
      `${field}: the Plaid item has no checking or savings account to link; choose one in Link.`,
    );
  const known = new Set(live.map((a) => a.plaidAccountId));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new AppError(
      'validation_error',
      `${field}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not an account' : 'are not accounts'} of this Plaid item.`,
    );
  const ineligible = live.filter((a) => wanted.includes(a.plaidAccountId) && !isEligible(a));
  if (ineligible.length > 0)
    throw new AppError(
      'account_not_supported',
      `${field}: ${ineligible.map((a) => a.plaidAccountId).join(', ')} ${ineligible.length === 1 ? 'is not a checking or savings account' : 'are not checking or savings accounts'}; only those can be linked.`,
    );
}
