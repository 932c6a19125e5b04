import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../lib/errors.js';
import { errorResponses } from '../../plugins/errors.js';

const statusSchema = z.object({ status: z.literal('ok') });

/**
 * `/readyz` asks `ready`, which throws (with the reason) while the process should get no traffic: the
 * database unreachable, or its schema behind this release's.
 */
export function healthRoutes(ready: () => Promise<void>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        schema: {
          tags: ['Health'],
          summary: 'Liveness: the process answers',
          response: { 200: statusSchema },
        },
      },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        schema: {
          tags: ['Health'],
          summary: 'Readiness: the database is reachable and its schema up to date',
          response: { 200: statusSchema, ...errorResponses(503) },
        },
      },
      async (request) => {
        try {
          await ready();
        } catch (err) {
          request.log.warn({ err }, 'readiness probe failed');
          throw new AppError('unavailable', `Not ready: ${err instanceof Error ? err.message : 'unknown'}.`, {
            headers: { 'retry-after': '5' },
          });
        }
        return { status: 'ok' as const };
      },
    );
  };
}
