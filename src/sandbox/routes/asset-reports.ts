import type { AssetReportCreateResponse, AssetReportGetResponse, AssetReportRemoveResponse } from 'plaid';
import { z } from 'zod';
import { reportUser } from '../assets/build.js';
import {
  createReport,
  reportPdf,
  reportRequestOf,
  requireReady,
  requireReport,
  requireReportItem,
  viewReport,
} from '../assets/reports.js';
import { assetReportUser, daysRequested, daysToInclude } from '../assets/schemas.js';
import { removeReport } from '../assets/store.js';
import { defineEndpoint } from '../endpoint.js';
import { invalidField } from '../errors.js';
import type { ItemRow } from '../state.js';
import { plaidRequest, webhookUrl } from '../validate.js';
import type { ResponseBody } from '../wire.js';

const createRequest = plaidRequest({
  access_tokens: z.array(z.string()).min(1, 'must list at least one access token').max(99),
  days_requested: daysRequested,
  options: z
    .strictObject({
      client_report_id: z.string().nullish(),
      webhook: webhookUrl.nullish(),
      include_fast_report: z.boolean().nullish(),
      products: z.array(z.string()).optional(),
      add_ons: z.array(z.enum(['investments', 'fast_assets'])).optional(),
      user: assetReportUser.optional(),
      require_all_items: z.boolean().nullish(),
    })
    .optional(),
});

const tokenRequest = plaidRequest({ asset_report_token: z.string() });

export const assetReportEndpoints = [
  defineEndpoint('/asset_report/create', createRequest, async (request, ctx) => {
    // Every Item is checked now, as Plaid does before the asynchronous generation starts.
    const items = new Map<string, ItemRow>();
    for (const token of request.access_tokens) {
      const item = await requireReportItem(ctx, token);
      items.set(item.item_id, item);
    }
    const options = request.options;
    const addOns = new Set<string>([...(options?.add_ons ?? []), ...(options?.products ?? [])]);
    const created = await createReport(ctx, [...items.values()], {
      itemIds: [...items.keys()],
      daysRequested: request.days_requested,
      excludedAccountIds: [],
      clientReportId: options?.client_report_id ?? null,
      webhook: options?.webhook ?? null,
      user: reportUser(options?.user),
      investments: addOns.has('investments'),
      fast: addOns.has('fast_assets') || options?.include_fast_report === true,
    });
    return created satisfies ResponseBody<AssetReportCreateResponse>;
  }),

  defineEndpoint(
    '/asset_report/get',
    plaidRequest({
      asset_report_token: z.string(),
      include_insights: z.boolean().optional(),
      fast_report: z.boolean().optional(),
      options: daysToInclude,
    }),
    async (request, ctx) => {
      const row = await requireReport(ctx, request.asset_report_token);
      const fast = request.fast_report === true;
      if (fast && !reportRequestOf(row).fast) {
        throw invalidField('fast_report: the Asset Report was created without the fast_assets add-on');
      }
      requireReady(row, ctx.now, fast);
      const view = {
        insights: request.include_insights === true,
        daysToInclude: request.options?.days_to_include,
        fast,
      };
      return viewReport(row, view) satisfies ResponseBody<AssetReportGetResponse>;
    },
  ),

  defineEndpoint(
    '/asset_report/pdf/get',
    plaidRequest({ asset_report_token: z.string(), options: daysToInclude }),
    async (request, ctx) => {
      const row = await requireReport(ctx, request.asset_report_token);
      return reportPdf(row, ctx.now, request.options?.days_to_include);
    },
  ),

  defineEndpoint('/asset_report/remove', tokenRequest, async (request, ctx) => {
    const row = await requireReport(ctx, request.asset_report_token);
    await removeReport(ctx.state.db, row.asset_report_id, ctx.now);
    return { removed: true } satisfies ResponseBody<AssetReportRemoveResponse>;
  }),
];
