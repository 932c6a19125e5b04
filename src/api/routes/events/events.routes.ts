import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EventsService } from '../../../domain/events/events.service.js';
import { formatApiTime } from '../../../lib/time.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { eventSchema } from '../external-accounts/external-accounts.schemas.js';
import { listQuerySchema, pageSchema } from '../owners/owners.schemas.js';

export function eventRoutes(events: EventsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v0.1/events',
      {
        schema: {
          tags: ['Events'],
          summary: "List the brand's events, oldest first",
          description:
            'external_account.linked, .relinked, .removed, .login_required, .repaired, .revoked; pages by starting_after.',
          security: [{ Identity: [], Authorization: [] }],
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
