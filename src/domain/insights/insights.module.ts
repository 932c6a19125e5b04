import type { JobHandler } from '../../jobs/catalog.js';
import type { Tenant } from '../tenant.js';
import type { InsightsContext } from './insights.context.js';
import type { Commit } from '../idempotency/idempotency.service.js';
import type { EmployerOutput, InsightJobKind, ProcessorLink, RecurrenceOutput } from './insights.types.js';
import { onPlaidWebhook } from './plaid-webhook.js';
import { registerProcessorLink } from './register.js';
import { deleteProcessorLink } from './remove.js';
import { syncHandler } from './sync.js';
import { loadInsightResult, loadProcessorLink } from './views.js';

/**
 * Transaction insights, wired: processor links registered for jobs, the job that pulls their
 * transactions and runs the algorithms, results, removal, and Plaid's webhooks about new
 * transactions.
 */
export function createInsightsModule(ctx: InsightsContext) {
  return {
    register: (
      tenant: Tenant,
      input: { processorToken: string; jobs: readonly InsightJobKind[] },
      commit?: Commit<ProcessorLink>,
    ) => registerProcessorLink(ctx, tenant, input, commit),
    get: (tenant: Tenant, id: string) => loadProcessorLink(ctx.db, tenant, id),
    employerMatches: (tenant: Tenant, id: string) =>
      loadInsightResult<EmployerOutput>(ctx.db, tenant, id, 'employer-classification'),
    recurringTransactions: (tenant: Tenant, id: string) =>
      loadInsightResult<RecurrenceOutput>(ctx.db, tenant, id, 'recurrence-detection'),
    delete: (tenant: Tenant, which: { id: string } | { processorToken: string }) =>
      deleteProcessorLink(ctx, tenant, which),
    onPlaidWebhook: (body: unknown) => onPlaidWebhook(ctx, body),
    jobs: [syncHandler(ctx)] satisfies JobHandler[],
  };
}

export type InsightsModule = ReturnType<typeof createInsightsModule>;
