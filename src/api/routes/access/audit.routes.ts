import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AuditService } from '../../../domain/access/audit.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { auditEntrySchema, auditQuerySchema, presentAuditEntry, toAuditQuery } from '../../shared/access.js';
import { pageSchema } from '../../shared/paging.js';
import { brandSecurity as security } from '../../shared/params.js';

/** The brand's own audit trail. */
export function auditRoutes(audit: AuditService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v0.1/audit_log',
      {
        schema: {
          tags: ['Audit log'],
          summary: "List the brand's audit log, newest first",
          description:
            'Every change made through the API (by any of its keys, or by an operator for the brand), with who made it, the request id and the source address. Filter by actor_id, object_type, object_id, action, since and until; page by starting_after (the last audit_entry_id seen).',
          security,
          querystring: auditQuerySchema,
          response: { 200: pageSchema(auditEntrySchema, 'AuditEntryPage'), ...errorResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const { limit, starting_after } = request.query;
        const page = await audit.list(requireTenant(request), toAuditQuery(request.query), {
          limit,
          startingAfter: starting_after,
        });
        return { data: page.data.map(presentAuditEntry), has_more: page.hasMore };
      },
    );
  };
}
