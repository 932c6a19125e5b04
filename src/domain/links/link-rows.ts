import type { LinkedAccountsTable } from '../../store/schema.js';
import type { OwnerRef } from '../accounts/accounts.service.js';
import type { LinkedAccount, RemovedLink } from './links.types.js';

/** A link row as the domain hands it out: no numbers, no logo (listing adds those). */
export function toLinkedAccount(row: LinkedAccountsTable, owner: OwnerRef): LinkedAccount {
  return {
    id: row.id,
    source: row.item_id ? 'held_item' : 'processor_token',
    accountId: row.account_id,
    owner,
    status: row.status,
    verificationStatus: row.verification_status,
    bankName: row.bank_name,
    bankLogo: null,
    accountType: row.account_type,
    accountCategory: row.account_category,
    mask: row.mask,
    routingMask: null,
    numbers: null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toRemovedLink(row: LinkedAccountsTable, deletedAt: string, owner: OwnerRef): RemovedLink {
  return {
    id: row.id,
    accountId: row.account_id,
    owner,
    bankName: row.bank_name,
    createdAt: row.created_at,
    deletedAt,
  };
}
