import type { LinkedAccountStatus } from '../../store/schema.js';
import type { OwnerRef } from '../accounts/accounts.service.js';

/**
 * One notion of a linked account, two sources: a processor token the brand gave Linkport (the brand
 * holds the Plaid Item), or an account of a Plaid Item Linkport holds (hosted linking).
 */
export type LinkSource = 'processor_token' | 'held_item';

export interface LinkedAccount {
  id: string;
  source: LinkSource;
  /** The card account; null for owners without one (profiles, Pay-by-Bank users). */
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

export interface RemovedLink {
  id: string;
  accountId: string | null;
  owner: OwnerRef;
  bankName: string | null;
  createdAt: string;
  deletedAt: string;
}

/**
 * Everything a later module (transfers, insights) needs of a linked account, whichever way it was
 * linked: who owns it, the bank, the numbers (still sealed: opened only where they are used), its
 * status, and how to reach Plaid for it.
 */
export interface ResolvedLinkedAccount {
  id: string;
  brandId: string;
  owner: OwnerRef;
  accountId: string | null;
  status: LinkedAccountStatus;
  institution: { id: string | null; name: string | null };
  accountType: string;
  mask: string;
  plaidAccountId: string;
  /** Sealed numbers; `open` decrypts one (bound to this brand, row and column). */
  numbers: { routing: SealedValue; account: SealedValue };
  /** How to call Plaid for this account. */
  plaid:
    | { via: 'processor_token'; processorToken: SealedValue }
    | { via: 'access_token'; plaidItemId: string; accessToken: SealedValue };
}

/** A secret kept sealed until the one place that needs it opens it. */
export interface SealedValue {
  open(): string;
}

/** A processor token the brand sends (seed 000). */
export interface ProcessorLinkInput {
  owner: OwnerRef;
  processorToken: string;
  /** The card account to attach to; default: the owner's only one. */
  accountId?: string | undefined;
  /** Keep an existing live link of the same bank account, with this new token (the relink path). */
  replaceExisting: boolean;
}

/** Where Link returns after a bank's OAuth page: a web redirect URI or an Android app, not both. */
export interface LinkReturn {
  redirectUri?: string | undefined;
  androidPackageName?: string | undefined;
}

export interface AddItemInput {
  owner: OwnerRef;
  publicToken: string;
  /** The request field that carried it, for the error message. */
  publicTokenField: string;
  /** The institution Link reported; checked against Plaid's. */
  institutionId?: string | undefined;
  /** The Plaid account ids the user chose; default: every checking and savings account of the Item. */
  plaidAccountIds?: string[] | undefined;
  plaidAccountIdsField: string;
  /** The card account the accounts link to (customers and businesses); null for other owners. */
  cardAccountId: string | null;
}

export interface BankAccount {
  id: string;
  ownerId: string;
  lastFour: string;
  routingNumber: string;
  /** CHECKING or SAVINGS. */
  type: string;
  /** OPEN, CLOSED (dropped from the Item or removed) or REVOKED (the user revoked Plaid's access). */
  status: 'OPEN' | 'CLOSED' | 'REVOKED';
}

export interface HeldItem {
  plaidItemId: string;
  institutionName: string | null;
  /** Null unless the caller asked for the login status. */
  isLoginRequired: boolean | null;
  accounts: BankAccount[];
}

export interface AddedItem {
  item: HeldItem;
  /** The Item's open accounts. */
  links: LinkedAccount[];
  /** False when the public token came from update mode on an Item Linkport already held. */
  created: boolean;
}
