import type { Db } from './db.js';
import type { AuditLogTable } from './schema.js';

/** Who changed what: written in the change's own transaction, read newest first. */
export async function insertAudit(db: Db, rows: AuditLogTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('audit_log').values(rows).execute();
}

export interface AuditFilter {
  /** Undefined: every brand's entries and the operator's own (the admin view only). */
  brandId?: string | undefined;
  actorId?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  action?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

/** Newest first; `startingAfter` is the last id of the page before (ids are time-ordered). */
export async function listAudit(
  db: Db,
  filter: AuditFilter,
  startingAfter: string | undefined,
  take: number,
): Promise<AuditLogTable[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (filter.brandId !== undefined) query = query.where('brand_id', '=', filter.brandId);
  if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
  if (filter.objectType !== undefined) query = query.where('object_type', '=', filter.objectType);
  if (filter.objectId !== undefined) query = query.where('subject_id', '=', filter.objectId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('created_at', '<', filter.until);
  if (startingAfter !== undefined) query = query.where('id', '<', startingAfter);
  return query.orderBy('id', 'desc').limit(take).execute();
}

/** Deletes entries older than `before`; returns how many. */
export async function pruneAudit(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom('audit_log').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
