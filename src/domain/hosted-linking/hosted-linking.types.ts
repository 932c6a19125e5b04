import type { OwnerRef } from '../accounts/accounts.service.js';

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
