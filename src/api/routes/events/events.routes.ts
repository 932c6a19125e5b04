import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EVENT_TYPES } from '../../../domain/events/catalog.js';
import type { EventsService } from '../../../domain/events/events.service.js';
import { formatApiTime } from '../../../lib/time.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { listQuerySchema, pageSchema } from '../../shared/paging.js';
import { brandSecurity as security } from '../../shared/params.js';
import { eventSchema } from './events.schemas.js';

export function eventRoutes(events: EventsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v0.1/events',
      {
        schema: {
          tags: ['Events'],
          summary: "List the brand's events, oldest first",
          description: `Types: ${EVENT_TYPES.join(', ')}. Pages by starting_after (the last event_id seen); a reader paging this way never misses an event, even one whose transaction commits late.`,
          security,
          querystring: listQuerySchema,
          response: { 200: pageSchema(eventSchema, 'EventPage'), ...errorResponses(400, 401) },
        },
      },
      async (request) => {
        const page = await events.list(requireTenant(request), {
          limit: request.query.limit,
          startingAfter: request.query.starting_after,
        });
        return {
          data: page.data.map((e) => ({
            event_id: e.id,
            type: e.type,
            version: e.version,
            subject_id: e.subjectId,
            data: e.data,
            date_created: formatApiTime(e.createdAt),
          })),
          has_more: page.hasMore,
        };
      },
    );
  };
}
