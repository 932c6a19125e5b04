import type { FastifyInstance } from 'fastify';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { type DemoBackend, relay } from './demo-hosted.routes.js';

/** The demo brand's webhook endpoint at Linkport: its id, and the signing secret it was given once. */
export interface DemoWebhookEndpoint {
  endpointId: string;
  secret: string;
}

/** One webhook as the demo backend received it. */
interface Received {
  webhook_id: string;
  type: string | null;
  timestamp: string | null;
  verified: boolean;
  /** How many times this webhook-id arrived (retries and replays share it). */
  times: number;
  received_at: string;
  data: unknown;
}

const KEPT = 100;

function header(headers: Record<string, string | string[] | undefined>, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** Verifies a delivery as any brand would, with the standardwebhooks package and its secret. */
function verify(
  endpoint: DemoWebhookEndpoint | undefined,
  body: string,
  headers: Record<string, string>,
): { verified: boolean; event: { type?: string; timestamp?: string; data?: unknown } } {
  try {
    if (!endpoint) throw new WebhookVerificationError('no endpoint registered');
    const event = new Webhook(endpoint.secret).verify(body, headers) as Record<string, unknown>;
    return { verified: true, event };
  } catch {
    // Shown in the panel as unverified; its content is not trusted, only its type is displayed.
    try {
      const parsed = JSON.parse(body) as { type?: unknown };
      return { verified: false, event: { type: typeof parsed.type === 'string' ? parsed.type : '' } };
    } catch {
      return { verified: false, event: {} };
    }
  }
}

/**
 * The demo brand's webhook receiver (registered as its endpoint at Linkport's first start) and the
 * "Webhooks" panel's backend: what arrived, whether its signature verified, and a replay through
 * Linkport's redeliver call. A real brand keeps these in its database; the demo keeps the last 100
 * in memory.
 */
export async function registerDemoWebhooks(
  app: FastifyInstance,
  backend: DemoBackend & { webhookEndpoint: () => DemoWebhookEndpoint | undefined },
): Promise<void> {
  const hide = { schema: { hide: true } };
  const received: Received[] = [];

  // The signature covers the body's exact bytes: this route reads it as a string.
  await app.register(async (raw) => {
    raw.removeContentTypeParser('application/json');
    raw.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
    raw.post('/demo/webhooks', hide, async (request, reply) => {
      const headers = {
        'webhook-id': header(request.headers, 'webhook-id'),
        'webhook-timestamp': header(request.headers, 'webhook-timestamp'),
        'webhook-signature': header(request.headers, 'webhook-signature'),
      };
      const body = typeof request.body === 'string' ? request.body : '';
      const { verified, event } = verify(backend.webhookEndpoint(), body, headers);
      const seen = received.find((r) => r.webhook_id === headers['webhook-id'] && r.verified === verified);
      if (seen) seen.times += 1;
      else {
        received.unshift({
          webhook_id: headers['webhook-id'],
          type: event.type ?? null,
          timestamp: verified ? (event.timestamp ?? null) : null,
          verified,
          times: 1,
          received_at: new Date().toISOString(),
          data: verified ? (event.data ?? null) : null,
        });
        received.splice(KEPT);
      }
      return reply.status(verified ? 204 : 400).send();
    });
  });

  app.get('/demo/api/webhooks', hide, () => ({
    endpoint_id: backend.webhookEndpoint()?.endpointId ?? null,
    received,
  }));

  app.post('/demo/api/webhooks/:webhook_id/replay', hide, async (request, reply) => {
    const { webhook_id } = backend.parse(
      z.object({ webhook_id: z.string().trim().min(1).max(128) }),
      request.params,
    );
    const endpoint = backend.webhookEndpoint();
    // The webhook-id is the event's id: Linkport sends the same event again to this endpoint.
    return relay(
      reply,
      await backend.linkport().POST('/api/v0.1/events/{event_id}/redeliver', {
        params: { path: { event_id: webhook_id } },
        body: endpoint ? { endpoint_id: endpoint.endpointId } : {},
      }),
    );
  });
}
