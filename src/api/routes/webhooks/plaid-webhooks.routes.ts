import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { LinksModule } from '../../../domain/links/links.module.js';
import { errorResponses } from '../../plugins/errors.js';

/**
 * Plaid's webhooks to Linkport (registered on every processor token it links). The body is kept as
 * received: the signature covers those exact bytes.
 */
export function plaidWebhookRoutes(webhooks: LinksModule['plaidWebhooks']): FastifyPluginAsyncZod {
  return async (app) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
    app.post(
      '/webhooks/plaid',
      {
        schema: {
          tags: ['Plaid'],
          summary: "Plaid's webhooks (Item health of linked accounts)",
          description:
            'Verified as Plaid documents: Plaid-Verification ES256 JWT, key from /webhook_verification_key/get, body hash, at most five minutes old. Anything else is refused and logged.',
          response: {
            200: z.object({ received: z.literal(true), updated: z.number().int() }),
            ...errorResponses(400, 401, 503),
          },
        },
      },
      async (request) => {
        const raw = typeof request.body === 'string' ? request.body : '';
        const header = request.headers['plaid-verification'];
        const updated = await webhooks.receive(raw, typeof header === 'string' ? header : undefined);
        return { received: true as const, updated };
      },
    );
  };
}
