import type { Transaction } from 'plaid';

/** What a processor reads about the account behind a processor token. */
export interface ProcessorAccount {
  plaidAccountId: string;
  name: string;
  officialName: string | null;
  mask: string | null;
  /** Plaid's account type (`depository`, `credit`…) and subtype (`checking`, `savings`…). */
  type: string;
  subtype: string | null;
  institutionId: string;
  /** ACH numbers; null when the account has none (not a checking or savings account). */
  ach: { routingNumber: string; accountNumber: string } | null;
}

/** The account holders Plaid reports for the account behind a processor token. */
export interface AccountHolder {
  names: string[];
  emails: string[];
  phones: string[];
  addresses: {
    street: string | null;
    city: string | null;
    region: string | null;
    postal_code: string | null;
  }[];
}

/** An account of an Item, with its ACH numbers when read through /auth/get. */
export interface ItemAccount {
  plaidAccountId: string;
  name: string;
  mask: string | null;
  type: string;
  subtype: string | null;
}

export interface ItemAccountWithNumbers extends ItemAccount {
  ach: { routingNumber: string; accountNumber: string };
}

export interface ItemState {
  itemId: string;
  institutionId: string | null;
  webhook: string | null;
  /** Plaid's error code while the Item is in an error state (e.g. ITEM_LOGIN_REQUIRED). */
  errorCode: string | null;
  /** The products the Item was linked with (and has used since). */
  products: string[];
}

export interface LinkTokenRequest {
  clientName: string;
  clientUserId: string;
  webhook: string;
  redirectUri?: string | undefined;
  androidPackageName?: string | undefined;
  /** Update mode for this Item. */
  accessToken?: string | undefined;
  /** Update mode: let the user change the Item's accounts. */
  accountSelection?: boolean | undefined;
  linkCustomizationName?: string | undefined;
}

export interface PlaidInstitution {
  id: string;
  name: string;
  logo: string | null;
}

/** An account's live balance, in integer cents (null where Plaid reports none). */
export interface LiveBalance {
  availableCents: number | null;
  currentCents: number | null;
  isoCurrencyCode: string | null;
}

/** One page of `/processor/transactions/sync`: Plaid's Transaction objects as they are. */
export interface TransactionsPage {
  added: Transaction[];
  modified: Transaction[];
  removedIds: string[];
  nextCursor: string;
  hasMore: boolean;
}
