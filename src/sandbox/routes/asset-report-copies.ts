import type {
  AssetReport,
  AssetReportAuditCopyCreateResponse,
  AssetReportAuditCopyRemoveResponse,
  AssetReportFilterResponse,
  AssetReportGetResponse,
  AssetReportRefreshResponse,
  Warning,
} from 'plaid';
import { z } from 'zod';
import { reportTimestamp, reportUser } from '../assets/build.js';
import {
  createReport,
  reportPdf,
  reportRequestOf,
  requireItemsById,
  requireReady,
  requireReport,
  saveReport,
  viewReport,
} from '../assets/reports.js';
import { assetReportUser, daysRequested, daysToInclude } from '../assets/schemas.js';
import { findAuditCopy, insertAuditCopy, removeAuditCopy } from '../assets/store.js';
import { isAuditCopyToken, newAssetReport, newAuditCopyToken } from '../assets/tokens.js';
import { defineEndpoint, type SandboxContext } from '../endpoint.js';
import { PlaidApiError } from '../errors.js';
import { plaidRequest, webhookUrl } from '../validate.js';
import type { ResponseBody, Wire } from '../wire.js';

/** An override of a refresh: absent keeps the original value, `""` clears it. */
const override = (value: string | null | undefined, original: string | null) =>
  value === undefined ? original : value === '' || value === null ? null : value;

const refreshRequest = plaidRequest({
  asset_report_token: z.string(),
  days_requested: daysRequested.nullish(),
  options: z
    .strictObject({
      client_report_id: z.string().nullish(),
      webhook: z.union([z.literal(''), webhookUrl]).nullish(),
      user: assetReportUser.optional(),
    })
    .optional(),
});

/** The audit copy the caller may read (its maker or its auditor); else Plaid's INVALID_AUDIT_COPY_TOKEN. */
async function requireAuditCopy(ctx: SandboxContext, token: string) {
  const found = isAuditCopyToken(token) ? await findAuditCopy(ctx.state.db, token, ctx.clientId) : undefined;
  if (!found) throw new PlaidApiError('INVALID_AUDIT_COPY_TOKEN');
  return found;
}

/** The report without the excluded accounts, under a new id, generated when its parent is. */
async function filterReport(ctx: SandboxContext, token: string, exclude: readonly string[]) {
  const parent = await requireReport(ctx, token);
  const report = JSON.parse(parent.report) as Wire<AssetReport>;
  const known = new Set(report.items.flatMap((i) => i.accounts.map((a) => a.account_id)));
  if (exclude.some((id) => !known.has(id))) throw new PlaidApiError('INVALID_ACCOUNT_ID');
  const ids = newAssetReport();
  const readyAt = new Date(Math.max(Date.parse(parent.ready_at), ctx.now.getTime()));
  const previous = reportRequestOf(parent);
  const filtered = {
    ...report,
    asset_report_id: ids.asset_report_id,
    date_generated: reportTimestamp(readyAt),
    items: report.items.map((i) => ({
      ...i,
      accounts: i.accounts.filter((a) => !exclude.includes(a.account_id)),
    })),
  };
  const row = {
    ...ids,
    client_id: ctx.clientId,
    created_at: ctx.now.toISOString(),
    ready_at: readyAt.toISOString(),
  };
  const warnings = JSON.parse(parent.warnings) as Wire<Warning>[];
  const request = { ...previous, excludedAccountIds: [...previous.excludedAccountIds, ...exclude] };
  await saveReport(ctx.state.db, row, { report: filtered, warnings }, request);
  return ids;
}

export const assetReportCopyEndpoints = [
  defineEndpoint('/asset_report/refresh', refreshRequest, async (request, ctx) => {
    const previous = reportRequestOf(await requireReport(ctx, request.asset_report_token));
    const items = await requireItemsById(ctx, previous.itemIds);
    const options = request.options;
    const created = await createReport(ctx, items, {
      ...previous,
      daysRequested: request.days_requested ?? previous.daysRequested,
      clientReportId: override(options?.client_report_id, previous.clientReportId),
      webhook: override(options?.webhook, previous.webhook),
      user: options?.user ? reportUser(options.user) : previous.user,
    });
    return created satisfies ResponseBody<AssetReportRefreshResponse>;
  }),

  defineEndpoint(
    '/asset_report/filter',
    plaidRequest({ asset_report_token: z.string(), account_ids_to_exclude: z.array(z.string()) }),
    async (request, ctx) =>
      (await filterReport(
        ctx,
        request.asset_report_token,
        request.account_ids_to_exclude,
      )) satisfies ResponseBody<AssetReportFilterResponse>,
  ),

  defineEndpoint(
    '/asset_report/audit_copy/create',
    plaidRequest({ asset_report_token: z.string(), auditor_id: z.string().optional() }),
    async (request, ctx) => {
      const report = await requireReport(ctx, request.asset_report_token);
      const token = newAuditCopyToken();
      await insertAuditCopy(ctx.state.db, {
        audit_copy_token: token,
        asset_report_id: report.asset_report_id,
        client_id: ctx.clientId,
        auditor_id: request.auditor_id ?? null,
        created_at: ctx.now.toISOString(),
        removed_at: null,
      });
      return { audit_copy_token: token } satisfies ResponseBody<AssetReportAuditCopyCreateResponse>;
    },
  ),

  defineEndpoint(
    '/asset_report/audit_copy/get',
    plaidRequest({ audit_copy_token: z.string() }),
    async (request, ctx) => {
      const { report } = await requireAuditCopy(ctx, request.audit_copy_token);
      requireReady(report, ctx.now);
      return viewReport(report, {
        insights: false,
        fast: false,
      }) satisfies ResponseBody<AssetReportGetResponse>;
    },
  ),

  defineEndpoint(
    '/asset_report/audit_copy/pdf/get',
    plaidRequest({ audit_copy_token: z.string(), options: daysToInclude }),
    async (request, ctx) => {
      const { report } = await requireAuditCopy(ctx, request.audit_copy_token);
      return reportPdf(report, ctx.now, request.options?.days_to_include);
    },
  ),

  defineEndpoint(
    '/asset_report/audit_copy/remove',
    plaidRequest({ audit_copy_token: z.string() }),
    async (request, ctx) => {
      const { copy } = await requireAuditCopy(ctx, request.audit_copy_token);
      // The auditor reads the copy; only the client that made it takes it back.
      if (copy.client_id !== ctx.clientId) throw new PlaidApiError('INVALID_AUDIT_COPY_TOKEN');
      await removeAuditCopy(ctx.state.db, copy.audit_copy_token, ctx.now);
      return { removed: true } satisfies ResponseBody<AssetReportAuditCopyRemoveResponse>;
    },
  ),
];
