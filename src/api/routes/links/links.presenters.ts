import type { BankAccount, HeldItem, LinkedAccount, RemovedLink } from '../../../domain/links/links.types.js';
import { formatApiTime } from '../../../lib/time.js';
import { ownerField } from '../../shared/owners.js';

/** Masked numbers show their last four only. */
const masked = (lastFour: string | null) => `****${lastFour ?? ''}`;

/** A link just made (seed 000's 201 body). */
export function presentLinked(linked: LinkedAccount) {
  return {
    account_id: linked.id,
    date_created: formatApiTime(linked.createdAt),
    date_updated: formatApiTime(linked.updatedAt),
    ...ownerField(linked.owner),
    status: linked.status,
    verification_status: linked.verificationStatus,
    type: 'external' as const,
    link_type: 'plaid' as const,
    linked_account_id: linked.id,
  };
}

/** A link as listed: numbers masked unless revealed. */
export function presentExternal(linked: LinkedAccount) {
  return {
    linked_account_id: linked.id,
    plaid_access_token: null,
    ...ownerField(linked.owner),
    card_id: linked.accountId,
    date_created: formatApiTime(linked.createdAt),
    date_updated: formatApiTime(linked.updatedAt),
    status: linked.status,
    verification_status: linked.verificationStatus,
    bank_name: linked.bankName,
    bank_logo: linked.bankLogo ? `data:image/png;base64,${linked.bankLogo}` : null,
    account_number: linked.numbers ? linked.numbers.account : masked(linked.mask),
    routing_number: linked.numbers ? linked.numbers.routing : masked(linked.routingMask),
    account_type: linked.accountType,
    account_category: linked.accountCategory,
  };
}

export function presentRemoved(removed: RemovedLink) {
  return {
    deleted_at: formatApiTime(removed.deletedAt),
    date_created: formatApiTime(removed.createdAt),
    linked_account_id: removed.id,
    account_id: removed.accountId,
    ...ownerField(removed.owner),
    bank_name: removed.bankName,
    status: 'removed' as const,
  };
}

/** A bank account of a held Item (hosted linking). */
export function presentBankAccount(account: BankAccount) {
  return {
    id: account.id,
    account_number_last_four: account.lastFour,
    routing_number: account.routingNumber,
    profile_id: account.ownerId,
    type: account.type,
    status: account.status,
  };
}

export function presentItem(item: HeldItem) {
  return {
    plaid_item_id: item.plaidItemId,
    plaid_institution_name: item.institutionName,
    bank_accounts: item.accounts.map(presentBankAccount),
  };
}

/** Where Link returns after a bank's OAuth page, as the domain takes it. */
export const returnTarget = (body: {
  redirect_uri?: string | undefined;
  android_package_name?: string | undefined;
}) => ({
  redirectUri: body.redirect_uri,
  androidPackageName: body.android_package_name,
});
