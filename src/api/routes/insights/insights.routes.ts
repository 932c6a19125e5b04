import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { IdempotencyService } from '../../../domain/idempotency/idempotency.service.js';
import { z } from 'zod';
import { resultsPath } from '../../../domain/insights/process.js';
import type { InsightsModule } from '../../../domain/insights/insights.module.js';
import type { ProcessorLink } from '../../../domain/insights/insights.types.js';
import { formatApiTime } from '../../../lib/time.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { replyIdempotently } from '../../shared/idempotent.js';
import { brandSecurity as security, idempotencyHeaderSchema, idParam } from '../../shared/params.js';
import type { ZodApp } from '../../shared/zod-app.js';
import {
  deleteByTokenSchema,
  employerMatchesSchema,
  processorLinkSchema,
  recurringSchema,
  registerSchema,
} from './insights.schemas.js';

const tags = ['Transaction insights'];
const params = z.object({ processor_link_id: idParam });
const time = (value: string | null) => value && formatApiTime(value);

export function presentProcessorLink(link: ProcessorLink) {
  return {
    id: link.id,
    status: link.state,
    jobs: link.jobs.map((j) => ({
      job: j.job,
      status: j.state,
      reason: j.reason,
      result_version: j.resultVersion,
      completed_at: time(j.completedAt),
      results_url: resultsPath(link.id, j.job),
    })),
    progress: {
      pages_fetched: link.pagesFetched,
      transactions_fetched: link.transactionsFetched,
      last_synced_at: time(link.lastSyncedAt),
    },
    date_created: formatApiTime(link.createdAt),
    date_deleted: time(link.deletedAt),
  };
}

function registerCreate(app: ZodApp, insights: InsightsModule, idempotency: IdempotencyService): void {
  app.post(
    '/plaid/processor-link',
    {
      schema: {
        tags,
        summary: 'Register a processor token for insight jobs',
        description:
          "Linkport pulls the account's transactions through the token (/processor/transactions/sync), runs the job(s) asynchronously, and sends employer-classification-completed or recurring-transaction-detection-completed to the brand's webhook endpoints. The Item must have the transactions product. The brand's credentials may also come as x-api-key and x-api-secret. The same token again adds the jobs its link lacks.",
        security,
        headers: idempotencyHeaderSchema,
        body: registerSchema,
        response: { 202: processorLinkSchema, ...errorResponses(400, 401, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const input = { processorToken: body.processor_token, jobs: body.jobs ?? (body.job ? [body.job] : []) };
      await replyIdempotently<ProcessorLink>(
        idempotency,
        request,
        reply,
        'POST /plaid/processor-link',
        (commit) => insights.register(requireTenant(request), input, commit),
        (link) => ({ status: 202, body: presentProcessorLink(link) }),
      );
    },
  );
}

function registerReads(app: ZodApp, insights: InsightsModule): void {
  app.get(
    '/plaid/processor-link/:processor_link_id',
    {
      schema: {
        tags,
        summary: "A processor link: each job's status and the transactions pulled",
        security,
        params,
        response: { 200: processorLinkSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) =>
      presentProcessorLink(await insights.get(requireTenant(request), request.params.processor_link_id)),
  );
}

function registerResults(app: ZodApp, insights: InsightsModule): void {
  app.get(
    '/plaid/processor-link/:processor_link_id/employer-matches',
    {
      schema: {
        tags,
        summary: 'Get Employer Matches',
        description:
          'The latest result of employer-classification: an empty list when no employer could be named with confidence.',
        security,
        params,
        response: { 200: employerMatchesSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const found = await insights.employerMatches(requireTenant(request), request.params.processor_link_id);
      return {
        processor_link_id: found.linkId,
        status: found.state,
        result_version: found.resultVersion,
        as_of: found.result?.as_of ?? null,
        employer_matches: (found.result?.employer_matches ?? []) as z.input<
          typeof employerMatchesSchema
        >['employer_matches'],
        classification: found.result?.status ?? null,
      };
    },
  );
  app.get(
    '/plaid/processor-link/:processor_link_id/recurring-transactions',
    {
      schema: {
        tags,
        summary: 'Get Recurring Financial Transactions',
        description:
          "The latest result of recurrence-detection, in Plaid's /transactions/recurring/get shape, each stream with a confidence.",
        security,
        params,
        response: { 200: recurringSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const found = await insights.recurringTransactions(
        requireTenant(request),
        request.params.processor_link_id,
      );
      type Streams = z.input<typeof recurringSchema>['inflow_streams'];
      return {
        processor_link_id: found.linkId,
        status: found.state,
        result_version: found.resultVersion,
        as_of: found.result?.as_of ?? null,
        inflow_streams: (found.result?.inflow_streams ?? []) as Streams,
        outflow_streams: (found.result?.outflow_streams ?? []) as Streams,
      };
    },
  );
}

function registerDeletes(app: ZodApp, insights: InsightsModule): void {
  const description =
    'Stops further processing: pending jobs are cancelled, the stored token and the pulled transactions are deleted; results already made stay readable. Deleting a deleted link answers it again.';
  app.delete(
    '/plaid/processor-link',
    {
      schema: {
        tags,
        summary: 'Remove a processor token',
        description,
        security,
        body: deleteByTokenSchema,
        response: { 200: processorLinkSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) =>
      presentProcessorLink(
        await insights.delete(requireTenant(request), { processorToken: request.body.processor_token }),
      ),
  );
  app.delete(
    '/plaid/processor-link/:processor_link_id',
    {
      schema: {
        tags,
        summary: 'Remove a processor link',
        description,
        security,
        params,
        response: { 200: processorLinkSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) =>
      presentProcessorLink(
        await insights.delete(requireTenant(request), { id: request.params.processor_link_id }),
      ),
  );
}

/** Transaction insights through processor links. */
export function insightRoutes(
  insights: InsightsModule,
  idempotency: IdempotencyService,
): FastifyPluginAsyncZod {
  return async (app) => {
    registerCreate(app, insights, idempotency);
    registerReads(app, insights);
    registerResults(app, insights);
    registerDeletes(app, insights);
  };
}
