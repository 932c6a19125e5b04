import type { AssetReport, Warning } from 'plaid';
import { BinaryBody } from '../binary-body.js';
import type { SandboxContext } from '../endpoint.js';
import { PlaidApiError } from '../errors.js';
import { requireHealthy, requireItem } from '../items.js';
import type { AssetReportRow } from '../product-tables.js';
import { type ItemRow, parseJsonList, type SandboxDb } from '../state.js';
import { addDays } from '../transactions/calendar.js';
import { enqueueWebhook } from '../webhooks.js';
import type { Wire } from '../wire.js';
import { type BuiltReport, buildReport, type ReportRequest } from './build.js';
import { assetReportPdf } from './pdf-report.js';
import { INSIGHTS_FIELDS } from './report-accounts.js';
import { findReport, insertReport } from './store.js';
import { newAssetReport, requireAssetReportTokenShape } from './tokens.js';

/** How long the sandbox takes to generate a report: Plaid's take seconds; this one, two (on the sandbox clock). */
export const ASSET_REPORT_GENERATION_MS = 2_000;

/** An Item that can go into a report: healthy, and linked with Assets (which cannot be added afterwards). */
export async function requireReportItem(ctx: SandboxContext, accessToken: string): Promise<ItemRow> {
  const item = await requireItem(ctx, accessToken);
  requireHealthy(item);
  if (!parseJsonList(item.products).includes('assets')) {
    throw new PlaidApiError(
      'ASSET_REPORT_PRODUCT_NOT_ENABLED',
      {},
      `Item ${item.item_id} was not linked with assets; Assets must be chosen at Link, it cannot be added afterwards`,
    );
  }
  return item;
}

/** The client's report behind a token; an unknown or removed one is Plaid's INVALID_PARENT. */
export async function requireReport(ctx: SandboxContext, token: string): Promise<AssetReportRow> {
  requireAssetReportTokenShape(token);
  const row = await findReport(ctx.state.db, token, ctx.clientId);
  if (!row) {
    throw new PlaidApiError(
      'INVALID_PARENT',
      {},
      'the local Linkport sandbox has no Asset Report for this asset_report_token: it was never created, or it was removed',
    );
  }
  return row;
}

export const reportRequestOf = (row: AssetReportRow): ReportRequest =>
  JSON.parse(row.request) as ReportRequest;

/** Stores a report and schedules its PRODUCT_READY webhooks (the fast version's at once, the full one's when ready). */
export async function saveReport(
  db: SandboxDb,
  row: Omit<AssetReportRow, 'report' | 'warnings' | 'request' | 'removed_at'>,
  built: BuiltReport,
  request: ReportRequest,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await insertReport(tx, {
      ...row,
      removed_at: null,
      report: JSON.stringify(built.report),
      warnings: JSON.stringify(built.warnings),
      request: JSON.stringify(request),
    });
    if (!request.webhook) return;
    const ready = (report_type: 'FAST' | 'FULL') => ({
      webhook_type: 'ASSETS',
      webhook_code: 'PRODUCT_READY',
      asset_report_id: row.asset_report_id,
      report_type,
    });
    if (request.fast) await enqueueWebhook(tx, new Date(row.created_at), request.webhook, ready('FAST'));
    await enqueueWebhook(tx, new Date(row.ready_at), request.webhook, ready('FULL'));
  });
}

/** Builds a report of the Items now, ready after the generation delay. */
export async function createReport(
  ctx: SandboxContext,
  items: readonly ItemRow[],
  request: ReportRequest,
): Promise<{ asset_report_id: string; asset_report_token: string }> {
  const ids = newAssetReport();
  const readyAt = new Date(ctx.now.getTime() + ASSET_REPORT_GENERATION_MS);
  const built = await buildReport(ctx.state.db, items, request, { ...ids, now: ctx.now, readyAt });
  const row = {
    ...ids,
    client_id: ctx.clientId,
    created_at: ctx.now.toISOString(),
    ready_at: readyAt.toISOString(),
  };
  await saveReport(ctx.state.db, row, built, request);
  return ids;
}

/** Reading a report before it is generated is Plaid's ASSET_REPORT_ERROR PRODUCT_NOT_READY. */
export function requireReady(row: AssetReportRow, now: Date, fast = false): void {
  const readyAt = fast ? row.created_at : row.ready_at;
  if (now.toISOString() < readyAt) throw new PlaidApiError('ASSET_REPORT_NOT_READY');
}

export interface ReportView {
  insights: boolean;
  daysToInclude?: number | null | undefined;
  fast: boolean;
}

type AccountView = Wire<AssetReport>['items'][number]['accounts'][number];

function viewAccount(account: AccountView, view: ReportView, from: string | null): AccountView {
  if (view.fast) {
    const { investments: _investments, ...balancesAndIdentity } = account;
    return { ...balancesAndIdentity, transactions: [], historical_balances: [] };
  }
  const inWindow = (date: string) => from === null || date >= from;
  const transactions = account.transactions
    .filter((t) => inWindow(t.date))
    .map((t) =>
      view.insights
        ? t
        : (Object.fromEntries(
            Object.entries(t).filter(([k]) => !(INSIGHTS_FIELDS as readonly string[]).includes(k)),
          ) as typeof t),
    );
  return {
    ...account,
    transactions,
    historical_balances: account.historical_balances.filter((h) => inWindow(h.date)),
  };
}

/**
 * The stored report as asked for: a plain report leaves out the insights fields, `days_to_include`
 * narrows transactions and daily balances to that many days up to the report's date, the fast
 * version has balances and identity only.
 */
export function viewReport(
  row: AssetReportRow,
  view: ReportView,
): { report: Wire<AssetReport>; warnings: Wire<Warning>[] } {
  const report = JSON.parse(row.report) as Wire<AssetReport>;
  const days = view.daysToInclude;
  const from =
    days === null || days === undefined ? null : addDays(report.date_generated.slice(0, 10), -(days - 1));
  return {
    report: {
      ...report,
      items: report.items.map((item) => ({
        ...item,
        accounts: item.accounts.map((a) => viewAccount(a, view, from)),
      })),
    },
    warnings: JSON.parse(row.warnings) as Wire<Warning>[],
  };
}

/** The Items a report was made of, again (for a refresh): each still there, healthy and with Assets. */
export async function requireItemsById(ctx: SandboxContext, itemIds: readonly string[]): Promise<ItemRow[]> {
  const rows = await ctx.state.db
    .selectFrom('sandbox_items')
    .select('access_token')
    .where('client_id', '=', ctx.clientId)
    .where('item_id', 'in', itemIds.length > 0 ? [...itemIds] : [''])
    .execute();
  const items: ItemRow[] = [];
  for (const { access_token } of rows) items.push(await requireReportItem(ctx, access_token));
  return items;
}

/** The report as Plaid's PDF endpoints answer it, once generated. */
export function reportPdf(
  row: AssetReportRow,
  now: Date,
  daysToInclude: number | null | undefined,
): BinaryBody {
  requireReady(row, now);
  const { report } = viewReport(row, { insights: false, daysToInclude, fast: false });
  return new BinaryBody('application/pdf', assetReportPdf(report, now));
}
