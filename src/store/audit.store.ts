import type { Db } from './db.js';
import type { AuditLogTable } from './schema.js';

/** Who saw what: one row per reveal of a full account number. */
export async function insertAudit(db: Db, rows: AuditLogTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('audit_log').values(rows).execute();
}
