import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { addMs } from '../../lib/time.js';
import { type AuditFilter, insertAudit, listAudit, pruneAudit } from '../../store/audit.store.js';
import type { Db } from '../../store/db.js';
import { fetchPage, type PageRequest } from '../../store/paging.js';
import type { AuditLogTable } from '../../store/schema.js';
import { transact, type Tx } from '../../store/tx.js';
import type { Actor, Tenant } from '../tenant.js';

/** What a change did, to which object. Never a secret: ids and names of actions only. */
export interface Change {
  action: string;
  objectType: string;
  objectId: string;
}

export interface AuditEntry {
  id: string;
  brandId: string | null;
  actorType: 'api_key' | 'admin_token';
  actorId: string | null;
  action: string;
  objectType: string;
  objectId: string;
  requestId: string | null;
  sourceAddress: string | null;
  createdAt: string;
}

export type AuditQuery = Omit<AuditFilter, 'brandId'>;

function auditRow(actor: Actor, brandId: string | null, change: Change, now: string): AuditLogTable {
  return {
    id: newId(),
    brand_id: brandId,
    actor_type: actor.type,
    actor_id: actor.id,
    action: change.action,
    object_type: change.objectType,
    subject_id: change.objectId,
    request_id: actor.requestId,
    source_address: actor.sourceAddress,
    created_at: now,
  };
}

/**
 * Records changes made through the API, inside the transaction that makes them. A tenant without an
 * actor is the platform itself (jobs, Plaid's webhooks): nothing to record.
 */
export async function recordChanges(tx: Tx, tenant: Tenant, changes: Change[], now: string): Promise<void> {
  const actor = tenant.actor;
  if (!actor) return;
  await insertAudit(
    tx,
    changes.map((change) => auditRow(actor, tenant.brandId, change, now)),
  );
}

export function recordChange(tx: Tx, tenant: Tenant, change: Change, now: string): Promise<void> {
  return recordChanges(tx, tenant, [change], now);
}

/** An operator's change that concerns no brand (admin tokens). */
export async function recordOperatorChange(tx: Tx, actor: Actor, change: Change, now: string): Promise<void> {
  await insertAudit(tx, [auditRow(actor, null, change, now)]);
}

function toEntry(row: AuditLogTable): AuditEntry {
  return {
    id: row.id,
    brandId: row.brand_id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    objectType: row.object_type,
    objectId: row.subject_id,
    requestId: row.request_id,
    sourceAddress: row.source_address,
    createdAt: row.created_at,
  };
}

async function page(db: Db, filter: AuditFilter, request: PageRequest) {
  const { rows, hasMore } = await fetchPage(request, (after, take) => listAudit(db, filter, after, take));
  return { data: rows.map(toEntry), hasMore };
}

/** The audit trail: a brand's own entries, the operator's view of all, and retention. */
export function createAuditService({ db, clock }: { db: Db; clock: Clock }) {
  return {
    /** The brand's own entries, newest first. */
    list: (tenant: Tenant, query: AuditQuery, request: PageRequest) =>
      page(db, { ...query, brandId: tenant.brandId }, request),
    /** Every entry, or one brand's, newest first (operators). */
    listAll: (query: AuditQuery & { brandId?: string | undefined }, request: PageRequest) =>
      page(db, query, request),
    /** Deletes entries older than the retention; returns how many went. */
    prune: (retentionDays: number) =>
      pruneAudit(db, addMs(clock.now(), -retentionDays * 24 * 3_600_000).toISOString()),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

/** Runs one write and records it as a change, in one transaction: the change exists exactly when its entry does. */
export function withAudit<T>(
  db: Db,
  tenant: Tenant,
  change: Change,
  now: string,
  write: (tx: Tx) => Promise<T>,
): Promise<T> {
  return transact(db, async (tx) => {
    const result = await write(tx);
    await recordChange(tx, tenant, change, now);
    return result;
  });
}
