import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../lib/errors.js';
import { pingStore, type Store } from '../../../store/db.js';
import { errorResponses } from '../../plugins/errors.js';

const statusSchema = z.object({ status: z.literal('ok') });

export function healthRoutes(store: Store): FastifyPluginAsyncZod {
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
          summary: 'Readiness: the database is reachable',
          response: { 200: statusSchema, ...errorResponses(503) },
        },
      },
      async (request) => {
        try {
          await pingStore(store);
        } catch (err) {
          request.log.warn({ err }, 'readiness probe failed');
          throw new AppError('unavailable', 'The database is not reachable.', {
            headers: { 'retry-after': '5' },
          });
        }
        return { status: 'ok' as const };
      },
    );
  };
}
