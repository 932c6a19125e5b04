import type { Kysely, Migration } from 'kysely';

/** The tables of Investments and Assets (migration 0007). */
export interface ProductTables {
  /** The last extraction of an Item's investments, once one happened after Link (a refresh, a post-Link add). */
  sandbox_investments: {
    item_id: string;
    updated_at: string;
  };
  /** Asset Reports: each an immutable snapshot, built when created and retrievable once ready. */
  sandbox_asset_reports: {
    asset_report_id: string;
    asset_report_token: string;
    client_id: string;
    created_at: string;
    /** When generation completes (and PRODUCT_READY goes out). */
    ready_at: string;
    removed_at: string | null;
    /** The report as JSON: Plaid's AssetReport, transactions with their insights fields. */
    report: string;
    /** JSON array of warnings, as /asset_report/get answers them. */
    warnings: string;
    /** How it was asked for, as JSON: Items, exclusions, options; what a refresh repeats. */
    request: string;
  };
  sandbox_audit_copies: {
    audit_copy_token: string;
    asset_report_id: string;
    client_id: string;
    auditor_id: string | null;
    created_at: string;
    removed_at: string | null;
  };
}

export type AssetReportRow = ProductTables['sandbox_asset_reports'];
export type AuditCopyRow = ProductTables['sandbox_audit_copies'];

export const productsMigration: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not follow the live schema
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sandbox_investments')
      .addColumn('item_id', 'text', (c) => c.primaryKey().references('sandbox_items.item_id'))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sandbox_asset_reports')
      .addColumn('asset_report_id', 'text', (c) => c.primaryKey())
      .addColumn('asset_report_token', 'text', (c) => c.notNull().unique())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('ready_at', 'text', (c) => c.notNull())
      .addColumn('removed_at', 'text')
      .addColumn('report', 'text', (c) => c.notNull())
      .addColumn('warnings', 'text', (c) => c.notNull())
      .addColumn('request', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sandbox_audit_copies')
      .addColumn('audit_copy_token', 'text', (c) => c.primaryKey())
      .addColumn('asset_report_id', 'text', (c) =>
        c.notNull().references('sandbox_asset_reports.asset_report_id'),
      )
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('auditor_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('removed_at', 'text')
      .execute();
  },
};
