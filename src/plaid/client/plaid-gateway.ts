import type { PlaidCredentials } from './credentials.js';
import { institutionCalls } from './products/institutions.js';
import { itemCalls } from './products/items.js';
import { linkCalls } from './products/link.js';
import { processorCalls } from './products/processor.js';
import { transactionCalls } from './products/transactions.js';
import { webhookCalls } from './products/webhooks.js';
import { lazyPlaidApi, type PlaidCallObserver } from './transport.js';

/**
 * Linkport's side of Plaid, through the official client: one file per product's calls and their
 * transforms (products/), one transport (transport.ts), every failure a PlaidFailure (errors.ts).
 * The interface is the edge tests may stand in for (a Plaid that is down, for instance).
 */
export function createPlaidGateway(
  baseUrl: string,
  resolveCredentials: () => PlaidCredentials | undefined,
  observe?: PlaidCallObserver,
) {
  const api = lazyPlaidApi(baseUrl, resolveCredentials, observe);
  return {
    ...processorCalls(api),
    ...itemCalls(api),
    ...linkCalls(api),
    ...institutionCalls(api),
    ...webhookCalls(api),
    ...transactionCalls(api),
  };
}

export type PlaidGateway = ReturnType<typeof createPlaidGateway>;
