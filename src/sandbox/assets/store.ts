import type { AssetReportRow, AuditCopyRow } from '../product-tables.js';
import type { SandboxDb } from '../state.js';

/** A client's report, unless it was removed. */
export async function findReport(
  db: SandboxDb,
  token: string,
  clientId: string,
): Promise<AssetReportRow | undefined> {
  return db
    .selectFrom('sandbox_asset_reports')
    .selectAll()
    .where('asset_report_token', '=', token)
    .where('client_id', '=', clientId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function insertReport(db: SandboxDb, row: AssetReportRow): Promise<void> {
  await db.insertInto('sandbox_asset_reports').values(row).execute();
}

/** Removes a report; its audit copies go with it. */
export async function removeReport(db: SandboxDb, reportId: string, at: Date): Promise<void> {
  await db
    .updateTable('sandbox_asset_reports')
    .set({ removed_at: at.toISOString() })
    .where('asset_report_id', '=', reportId)
    .execute();
}

export async function insertAuditCopy(db: SandboxDb, row: AuditCopyRow): Promise<void> {
  await db.insertInto('sandbox_audit_copies').values(row).execute();
}

/**
 * An audit copy the caller may read: the client that made it, or the auditor it was made for
 * (each calls with its own credentials). Removed with its report.
 */
export async function findAuditCopy(
  db: SandboxDb,
  token: string,
  clientId: string,
): Promise<{ copy: AuditCopyRow; report: AssetReportRow } | undefined> {
  const row = await db
    .selectFrom('sandbox_audit_copies as c')
    .innerJoin('sandbox_asset_reports as r', 'r.asset_report_id', 'c.asset_report_id')
    .selectAll('r')
    .select([
      'c.audit_copy_token',
      'c.client_id as copy_client_id',
      'c.auditor_id',
      'c.created_at as copy_created_at',
    ])
    .where('c.audit_copy_token', '=', token)
    .where('c.removed_at', 'is', null)
    .where('r.removed_at', 'is', null)
    .where((eb) => eb.or([eb('c.client_id', '=', clientId), eb('c.auditor_id', '=', clientId)]))
    .executeTakeFirst();
  if (!row) return undefined;
  const { audit_copy_token, copy_client_id, auditor_id, copy_created_at, ...report } = row;
  return {
    copy: {
      audit_copy_token,
      asset_report_id: report.asset_report_id,
      client_id: copy_client_id,
      auditor_id,
      created_at: copy_created_at,
      removed_at: null,
    },
    report,
  };
}

export async function removeAuditCopy(db: SandboxDb, token: string, at: Date): Promise<void> {
  await db
    .updateTable('sandbox_audit_copies')
    .set({ removed_at: at.toISOString() })
    .where('audit_copy_token', '=', token)
    .execute();
}
