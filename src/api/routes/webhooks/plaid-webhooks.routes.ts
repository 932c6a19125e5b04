import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../../lib/errors.js';
import { PlaidFailure } from '../../../plaid/client/plaid-gateway.js';
import { type WebhookVerifier, WebhookRejected } from '../../../plaid/client/webhook-verifier.js';
import { errorResponses } from '../../plugins/errors.js';

/**
 * Plaid's webhooks to Linkport (registered on every processor token it links). The body is kept as
 * received: the signature covers those exact bytes.
 */
export function plaidWebhookRoutes(
  verify: WebhookVerifier,
  apply: (body: unknown) => Promise<number>,
): FastifyPluginAsyncZod {
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
        let body: unknown;
        try {
          body = await verify(raw, typeof header === 'string' ? header : undefined);
        } catch (error) {
          if (error instanceof WebhookRejected) {
            request.log.warn({ reason: error.message }, 'plaid webhook rejected');
            throw new AppError('unauthorized', `Webhook rejected: ${error.message}.`);
          }
          if (error instanceof PlaidFailure)
            throw new AppError('unavailable', 'Could not fetch the webhook verification key from Plaid.', {
              headers: { 'retry-after': '30' },
            });
          throw error;
        }
        return { received: true as const, updated: await apply(body) };
      },
    );
  };
}
