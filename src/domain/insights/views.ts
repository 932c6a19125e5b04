import { notFound } from '../../lib/errors.js';
import type { Db } from '../../store/db.js';
import { findInsightJob, findInsightLink, listInsightJobs } from '../../store/insights.store.js';
import type { Tenant } from '../tenant.js';
import type { InsightJobKind, InsightResult, ProcessorLink } from './insights.types.js';

/** A processor link of the brand with its jobs; another brand's is a 404. */
export async function loadProcessorLink(db: Db, tenant: Tenant, id: string): Promise<ProcessorLink> {
  const link = await findInsightLink(db, tenant.brandId, id);
  if (!link) throw notFound('Processor link');
  const jobs = await listInsightJobs(db, link.id);
  return {
    id: link.id,
    state: link.state,
    jobs: jobs.map((j) => ({
      job: j.job,
      state: j.state,
      reason: j.reason,
      resultVersion: j.result_version,
      completedAt: j.completed_at,
    })),
    pagesFetched: link.pages_fetched,
    transactionsFetched: link.transactions_fetched,
    lastSyncedAt: link.last_synced_at,
    createdAt: link.created_at,
    deletedAt: link.deleted_at,
  };
}

/** A job's latest result; a 404 when the link does not have that job. */
export async function loadInsightResult<T>(
  db: Db,
  tenant: Tenant,
  linkId: string,
  job: InsightJobKind,
): Promise<InsightResult<T>> {
  const link = await findInsightLink(db, tenant.brandId, linkId);
  if (!link) throw notFound('Processor link');
  const row = await findInsightJob(db, tenant.brandId, linkId, job);
  if (!row) throw notFound(`The ${job} job of this processor link`);
  return {
    linkId,
    job,
    state: row.state,
    resultVersion: row.result_version,
    result: row.result === null ? null : (JSON.parse(row.result) as T),
  };
}
