import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Metrics } from '../../../lib/metrics.js';
import type { AdminTokens } from '../../../domain/access/admin-tokens.js';
import { adminAuth } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';

/** Who may scrape: anyone who reaches the address (a listener of its own), or the admin token. */
export type MetricsAccess = { kind: 'open' } | { kind: 'admin'; adminTokens: AdminTokens };

/**
 * `GET /metrics`, the Prometheus text format. On the API's port it takes the admin token; with
 * LINKPORT_METRICS_LISTEN it is served on that address alone, without credentials.
 */
export function metricsRoutes(metrics: Metrics, access: MetricsAccess): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/metrics',
      {
        ...(access.kind === 'admin' ? { onRequest: adminAuth(access.adminTokens) } : {}),
        schema: {
          tags: ['Operations'],
          summary: 'Prometheus metrics',
          description:
            'The Prometheus text exposition format (text/plain; version=0.0.4): requests and latency per route, errors per code, the job queue, webhook deliveries, Plaid calls, the database pool. Takes the admin token; with LINKPORT_METRICS_LISTEN set it is served on that address instead, without credentials.',
          security: access.kind === 'admin' ? [{ AdminToken: [] }] : [],
          response: { ...errorResponses(401) },
        },
      },
      async (_request, reply) => {
        const text = await metrics.render();
        // Text, not JSON: no 200 schema, so Fastify sends the string as it is (the cast says so to the types).
        return reply.type(metrics.contentType).send(text as never);
      },
    );
  };
}
