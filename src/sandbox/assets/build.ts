import type { AssetReport, AssetReportItem, AssetReportUser, Warning } from 'plaid';
import { accountsForItem } from '../data/accounts.js';
import { findInstitution } from '../data/institutions.js';
import { plaidErrorObject } from '../errors.js';
import { lastClose } from '../investments/portfolio.js';
import { type ItemRow, parseJsonList, type SandboxDb } from '../state.js';
import { addDays, isoDate } from '../transactions/calendar.js';
import type { Wire } from '../wire.js';
import { itemHistory } from './history.js';
import { reportAccount } from './report-accounts.js';

/** What a report is built from; a refresh builds again from the same, with what it overrides. */
export interface ReportRequest {
  itemIds: string[];
  daysRequested: number;
  /** Accounts `/asset_report/filter` took out (a refresh keeps them out). */
  excludedAccountIds: string[];
  clientReportId: string | null;
  webhook: string | null;
  user: Wire<AssetReportUser>;
  /** The `investments` add-on. */
  investments: boolean;
  /** The `fast_assets` add-on: balances and identity ready at once, the full report later. */
  fast: boolean;
}

export interface BuiltReport {
  report: Wire<AssetReport>;
  warnings: Wire<Warning>[];
}

const USER_FIELDS = [
  'client_user_id',
  'first_name',
  'middle_name',
  'last_name',
  'ssn',
  'phone_number',
  'email',
] as const;

/** The user as the report echoes it: every documented field (null when not given), and any other given. */
export function reportUser(user: Record<string, unknown> | undefined): Wire<AssetReportUser> {
  const known = Object.fromEntries(
    USER_FIELDS.map((f) => [f, typeof user?.[f] === 'string' ? user[f] : null]),
  );
  return { ...user, ...known };
}

/** Plaid's timestamps in reports carry whole seconds. */
export const reportTimestamp = (at: Date): string => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

async function reportItem(
  db: SandboxDb,
  item: ItemRow,
  request: ReportRequest,
  now: Date,
): Promise<Wire<AssetReportItem>> {
  const today = isoDate(now);
  const from = addDays(today, -(request.daysRequested - 1));
  const history = await itemHistory(db, item, from, today);
  const reach = Math.round((Date.parse(today) - Date.parse(history.start)) / 86_400_000) + 1;
  const window = {
    item,
    entries: history.entries,
    from,
    yesterday: addDays(today, -1),
    daysAvailable: Math.max(0, Math.min(request.daysRequested, reach)),
    investmentsAsOf: request.investments && hasInvestments(item) ? lastClose(now) : null,
  };
  return {
    item_id: item.item_id,
    institution_name: findInstitution(item.institution_id)?.name ?? item.institution_id,
    institution_id: item.institution_id,
    date_last_updated: reportTimestamp(now),
    accounts: accountsForItem(item)
      .filter((a) => !request.excludedAccountIds.includes(a.account_id))
      .map((a) => reportAccount(a, window)),
  };
}

const hasInvestments = (item: ItemRow) => parseJsonList(item.products).includes('investments');

/** The add-on asked for investments an Item was not linked with: Plaid's INVESTMENTS_UNAVAILABLE warning. */
function investmentsWarning(item: ItemRow): Wire<Warning> {
  return {
    warning_type: 'ASSET_REPORT_WARNING',
    warning_code: 'INVESTMENTS_UNAVAILABLE',
    cause: { ...plaidErrorObject('PRODUCT_NOT_ENABLED'), item_id: item.item_id },
  };
}

/** The report's data, pulled now from the Items; it becomes available (date_generated) at `readyAt`. */
export async function buildReport(
  db: SandboxDb,
  items: readonly ItemRow[],
  request: ReportRequest,
  ids: { asset_report_id: string; now: Date; readyAt: Date },
): Promise<BuiltReport> {
  const reportItems: Wire<AssetReportItem>[] = [];
  for (const item of items) reportItems.push(await reportItem(db, item, request, ids.now));
  return {
    report: {
      asset_report_id: ids.asset_report_id,
      client_report_id: request.clientReportId,
      date_generated: reportTimestamp(ids.readyAt),
      days_requested: request.daysRequested,
      user: request.user,
      items: reportItems,
    },
    warnings: request.investments ? items.filter((i) => !hasInvestments(i)).map(investmentsWarning) : [],
  };
}
