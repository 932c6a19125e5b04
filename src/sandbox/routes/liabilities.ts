import type { LiabilitiesGetResponse } from 'plaid';
import { z } from 'zod';
import { accountsForItem } from '../data/accounts.js';
import { defineEndpoint } from '../endpoint.js';
import { PlaidApiError } from '../errors.js';
import {
  presentAccount,
  presentItem,
  requireHealthy,
  requireItem,
  selectAccounts,
  useProduct,
} from '../items.js';
import { isLiabilityAccount, liabilitiesOf } from '../liabilities/liabilities.js';
import { isoDate } from '../transactions/calendar.js';
import { accountIdsOption, plaidRequest } from '../validate.js';
import type { ResponseBody } from '../wire.js';

export const liabilityEndpoints = [
  defineEndpoint(
    '/liabilities/get',
    plaidRequest({ access_token: z.string(), options: accountIdsOption }),
    async (request, ctx) => {
      let item = await requireItem(ctx, request.access_token);
      requireHealthy(item);
      if (!accountsForItem(item).some(isLiabilityAccount)) throw new PlaidApiError('NO_LIABILITY_ACCOUNTS');
      // Liabilities can be added after Link by calling its endpoint (Plaid's own suite does).
      item = await useProduct(ctx, item, 'liabilities');
      const accounts = selectAccounts(item, request.options?.account_ids);
      return {
        accounts: accounts.map(presentAccount),
        item: presentItem(item),
        liabilities: liabilitiesOf(item.item_id, accounts, isoDate(ctx.now)),
      } satisfies ResponseBody<LiabilitiesGetResponse>;
    },
  ),
];
