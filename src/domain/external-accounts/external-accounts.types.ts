import type { LinkedAccountStatus } from '../../store/schema.js';
import type { OwnerRef } from '../accounts/accounts.service.js';

export interface LinkInput {
  owner: OwnerRef;
  processorToken: string;
  /** The card account to attach to; default: the owner's only one. */
  accountId?: string | undefined;
  /** Keep an existing live link of the same bank account, with this new token (the relink path). */
  replaceExisting: boolean;
}

export interface LinkedAccount {
  id: string;
  /** The card account; null for owners without one (Pay-by-Bank users). */
  accountId: string | null;
  owner: OwnerRef;
  status: LinkedAccountStatus;
  verificationStatus: string;
  bankName: string | null;
  /** Base64 PNG. */
  bankLogo: string | null;
  accountType: string;
  accountCategory: string;
  /** Last four of the account number. */
  mask: string;
  /** Last four of the routing number, when listed. */
  routingMask: string | null;
  /** Only when revealed. */
  numbers: { routing: string; account: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface RemovedAccount {
  id: string;
  accountId: string | null;
  owner: OwnerRef;
  bankName: string | null;
  createdAt: string;
  deletedAt: string;
}
