import type { JobHandler } from '../../jobs/catalog.js';
import type { Tenant } from '../tenant.js';
import { createInstitutionDirectory } from './institutions.js';
import { addItem, addOwnerItem } from './items/add-item.js';
import { sandboxItemAction, setItemAccounts } from './items/item-admin.js';
import { itemRemovalHandler } from './items/item-removal.js';
import { getBankAccount, listItems } from './items/item-views.js';
import {
  createAccountUpdateLinkToken,
  createItemUpdateLinkToken,
  createLinkToken,
} from './items/link-tokens.js';
import { listLinks, removeLink, resolveLinkedAccount } from './linked-accounts.js';
import type { LinksContext } from './links.context.js';
import { createWebhookVerifier } from '../../plaid/client/webhook-verifier.js';
import { receivePlaidWebhook } from './plaid-webhooks.js';
import { linkProcessorToken } from './processor-link.js';

export type LinksDeps = Omit<LinksContext, 'institutions'>;

/**
 * The linking domain, wired: linked accounts (listing, removal, the one lookup later modules use),
 * links from processor tokens, the Items Linkport holds, Plaid's webhooks about either, and the job
 * that removes an Item at Plaid.
 */
export function createLinksModule(deps: LinksDeps) {
  const ctx: LinksContext = {
    ...deps,
    institutions: createInstitutionDirectory(deps.db, deps.plaid, deps.clock),
  };
  const verify = createWebhookVerifier(deps.plaid, deps.clock);
  const bind =
    <A extends unknown[], R>(fn: (ctx: LinksContext, ...args: A) => R) =>
    (...args: A): R =>
      fn(ctx, ...args);
  return {
    links: {
      list: bind(listLinks),
      remove: bind(removeLink),
      resolve: (tenant: Tenant, id: string) => resolveLinkedAccount(ctx, tenant, id),
    },
    processorLinks: { link: bind(linkProcessorToken) },
    heldItems: {
      createLinkToken: bind(createLinkToken),
      createItemUpdateLinkToken: bind(createItemUpdateLinkToken),
      createAccountUpdateLinkToken: bind(createAccountUpdateLinkToken),
      addItem: bind(addItem),
      addOwnerItem: bind(addOwnerItem),
      getBankAccount: bind(getBankAccount),
      listItems: bind(listItems),
      setItemAccounts: bind(setItemAccounts),
      sandboxItemAction: bind(sandboxItemAction),
    },
    plaidWebhooks: {
      receive: (rawBody: string, signature: string | undefined) =>
        receivePlaidWebhook({ ...ctx, verify }, rawBody, signature),
    },
    jobs: [itemRemovalHandler(ctx)] satisfies JobHandler[],
  };
}

export type LinksModule = ReturnType<typeof createLinksModule>;
