import type {
  InvestmentsAuthGetResponse,
  InvestmentsHoldingsGetResponse,
  InvestmentsRefreshResponse,
  InvestmentsTransactionsGetResponse,
} from 'plaid';
import { z } from 'zod';
import { defineEndpoint, type SandboxContext } from '../endpoint.js';
import { invalidField, PlaidApiError } from '../errors.js';
import { investmentsAuthNumbers, investmentsAuthOwners } from '../investments/auth-numbers.js';
import { isInvestmentAccount } from '../investments/holdings.js';
import {
  holdingsOf,
  investmentAccounts,
  investmentEventsOf,
  lastClose,
  presentHolding,
  presentInvestmentAccount,
  presentInvestmentTransaction,
  securitiesOf,
} from '../investments/portfolio.js';
import { markInvestmentsUpdated } from '../investments/status.js';
import { presentItem, requireHealthy, requireItem, selectAccounts, useProduct } from '../items.js';
import { type ItemRow, parseJsonList } from '../state.js';
import type { SandboxAccount } from '../data/accounts.js';
import { accountIdsOption, plaidRequest } from '../validate.js';
import { enqueueWebhook } from '../webhooks.js';
import type { ResponseBody } from '../wire.js';

type InvestmentProduct = 'investments' | 'investments_auth';

/**
 * The Item behind the token, with the product on it. Investments can be added after Link by
 * calling its endpoints (Plaid documents it for `/investments/transactions/get`); the sandbox
 * extracts at once, and that first extraction is the Item's investments update.
 */
async function readInvestments(ctx: SandboxContext, accessToken: string, product: InvestmentProduct) {
  let item = await requireItem(ctx, accessToken);
  requireHealthy(item);
  if (investmentAccounts(item).length === 0) {
    throw new PlaidApiError(
      product === 'investments' ? 'NO_INVESTMENT_ACCOUNTS' : 'NO_INVESTMENT_AUTH_ACCOUNTS',
    );
  }
  const added = !parseJsonList(item.products).includes(product);
  item = await useProduct(ctx, item, product);
  if (added && product === 'investments') await markInvestmentsUpdated(ctx.state.db, item.item_id, ctx.now);
  return { item, added };
}

/** The accounts with their holdings and the securities held, priced at the last close. */
function portfolio(item: ItemRow, accounts: readonly SandboxAccount[], now: Date) {
  const holdings = holdingsOf(item, accounts);
  const asOf = lastClose(now);
  return {
    accounts: accounts.map(presentInvestmentAccount),
    holdings: holdings.map((h) => presentHolding(h, asOf)),
    securities: securitiesOf(holdings, asOf),
  };
}

const accessTokenRequest = plaidRequest({ access_token: z.string(), options: accountIdsOption });

const transactionsRequest = plaidRequest({
  access_token: z.string(),
  start_date: z.iso.date(),
  end_date: z.iso.date(),
  options: z
    .strictObject({
      account_ids: z.array(z.string()).optional(),
      count: z.number().int().min(1).max(500).optional(),
      offset: z.number().int().min(0).optional(),
      async_update: z.boolean().optional(),
    })
    .optional(),
});

export const investmentEndpoints = [
  defineEndpoint('/investments/holdings/get', accessTokenRequest, async (request, ctx) => {
    const { item } = await readInvestments(ctx, request.access_token, 'investments');
    const accounts = selectAccounts(item, request.options?.account_ids);
    return {
      ...portfolio(item, accounts, ctx.now),
      item: presentItem(item),
    } satisfies ResponseBody<InvestmentsHoldingsGetResponse>;
  }),

  defineEndpoint('/investments/transactions/get', transactionsRequest, async (request, ctx) => {
    if (request.start_date > request.end_date) throw invalidField('start_date: must not be after end_date');
    const { item, added } = await readInvestments(ctx, request.access_token, 'investments');
    const accounts = selectAccounts(item, request.options?.account_ids);
    const events = investmentEventsOf(item, accounts).filter(
      (e) => e.date >= request.start_date && e.date <= request.end_date,
    );
    const offset = request.options?.offset ?? 0;
    const page = events.slice(offset, offset + (request.options?.count ?? 100));
    if (added && request.options?.async_update && item.webhook) {
      // The asynchronous extraction Plaid starts here completes at once in the sandbox.
      await enqueueWebhook(ctx.state.db, ctx.now, item.webhook, {
        webhook_type: 'INVESTMENTS_TRANSACTIONS',
        webhook_code: 'HISTORICAL_UPDATE',
        item_id: item.item_id,
        error: null,
        new_investments_transactions: investmentEventsOf(item, investmentAccounts(item)).length,
        cancelled_investments_transactions: 0,
      });
    }
    return {
      item: presentItem(item),
      accounts: accounts.map(presentInvestmentAccount),
      securities: securitiesOf(page, lastClose(ctx.now)),
      investment_transactions: page.map(presentInvestmentTransaction),
      total_investment_transactions: events.length,
    } satisfies ResponseBody<InvestmentsTransactionsGetResponse>;
  }),

  defineEndpoint('/investments/auth/get', accessTokenRequest, async (request, ctx) => {
    const { item } = await readInvestments(ctx, request.access_token, 'investments_auth');
    const accounts = selectAccounts(item, request.options?.account_ids).filter(isInvestmentAccount);
    return {
      ...portfolio(item, accounts, ctx.now),
      owners: investmentsAuthOwners(accounts),
      numbers: investmentsAuthNumbers(item.item_id, accounts),
      data_sources: { numbers: 'INSTITUTION', owners: 'INSTITUTION', holdings: 'INSTITUTION' },
      item: presentItem(item),
    } satisfies ResponseBody<InvestmentsAuthGetResponse>;
  }),

  defineEndpoint('/investments/refresh', plaidRequest({ access_token: z.string() }), async (request, ctx) => {
    const { item } = await readInvestments(ctx, request.access_token, 'investments');
    // Plaid's sandbox data does not change on refresh, so no HOLDINGS or INVESTMENTS_TRANSACTIONS webhook.
    await markInvestmentsUpdated(ctx.state.db, item.item_id, ctx.now);
    return {} satisfies ResponseBody<InvestmentsRefreshResponse>;
  }),
];
