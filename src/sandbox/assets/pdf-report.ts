import type { AccountAssets, AssetReport } from 'plaid';
import type { Wire } from '../wire.js';
import { type PdfLine, renderPdf } from './pdf.js';

const money = (amount: number | null | undefined): string =>
  amount === null || amount === undefined
    ? 'n/a'
    : amount.toLocaleString('en-US', { style: 'currency', currency: 'USD' });

const line = (text: string, style: PdfLine['style'] = 'body'): PdfLine => ({ text, style });

/** How many of an account's latest transactions the summary lists. */
const RECENT_TRANSACTIONS = 5;

function header(report: Wire<AssetReport>): PdfLine[] {
  const user = report.user;
  const name = [user.first_name, user.middle_name, user.last_name].filter(Boolean).join(' ');
  return [
    line('Asset Report', 'title'),
    line(`Asset Report ID: ${report.asset_report_id}`),
    line(`Client report ID: ${report.client_report_id ?? 'none'}`),
    line(`Generated: ${report.date_generated}    Days requested: ${report.days_requested}`),
    line(
      `Prepared for: ${name || 'not given'}${user.client_user_id ? ` (user ${user.client_user_id})` : ''}`,
    ),
    line("Data from the local Linkport Plaid sandbox: test data, not anyone's real accounts.", 'small'),
  ];
}

function accountLines(account: Wire<AccountAssets>): PdfLine[] {
  const b = account.balances;
  const inflows = account.transactions.filter((t) => t.amount < 0).reduce((sum, t) => sum - t.amount, 0);
  const outflows = account.transactions.filter((t) => t.amount > 0).reduce((sum, t) => sum + t.amount, 0);
  const daily = account.historical_balances.map((h) => h.current);
  const recent = [...account.transactions]
    .sort((x, y) => y.date.localeCompare(x.date))
    .slice(0, RECENT_TRANSACTIONS);
  return [
    line(
      `${account.name} (${account.mask ?? '----'}), ${account.type} / ${account.subtype ?? 'other'}`,
      'heading',
    ),
    line(`Current balance ${money(b.current)}    Available ${money(b.available)}    Limit ${money(b.limit)}`),
    line(
      `Owner: ${account.owners.flatMap((o) => o.names).join(', ')}    Days available: ${account.days_available}`,
    ),
    line(
      `${account.transactions.length} transactions: ${money(inflows)} in, ${money(outflows)} out` +
        (daily.length > 0
          ? `    Daily balance ${money(Math.min(...daily))} to ${money(Math.max(...daily))}`
          : ''),
    ),
    ...recent.map((t) =>
      line(`${t.date}   ${money(-t.amount).padStart(12)}   ${t.original_description ?? ''}`, 'small'),
    ),
  ];
}

/** The report as a short PDF: who and what it covers, then each account's balances and activity. */
export function assetReportPdf(report: Wire<AssetReport>, createdAt: Date): Buffer {
  const lines = [...header(report)];
  for (const item of report.items) {
    lines.push(
      line(item.institution_name, 'heading'),
      line(`Item ${item.item_id}, data as of ${item.date_last_updated}`, 'small'),
    );
    for (const account of item.accounts) lines.push(...accountLines(account));
  }
  return renderPdf(`Asset Report ${report.asset_report_id}`, lines, createdAt);
}
