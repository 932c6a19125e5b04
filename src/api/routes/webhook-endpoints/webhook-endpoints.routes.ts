import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { WebhooksModule } from '../../../domain/webhooks/webhooks.module.js';
import type { Delivery, WebhookEndpoint } from '../../../domain/webhooks/webhooks.types.js';
import { formatApiTime } from '../../../lib/time.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { listQuerySchema, pageSchema } from '../../shared/paging.js';
import { brandSecurity as security, idParam } from '../../shared/params.js';
import type { ZodApp } from '../../shared/zod-app.js';
import {
  createEndpointSchema,
  deliverySchema,
  endpointSchema,
  endpointWithSecretSchema,
  recoverSchema,
  redeliverSchema,
  updateEndpointSchema,
} from './webhook-endpoints.schemas.js';

const tags = ['Webhooks'];
const endpointParams = z.object({ endpoint_id: idParam });

function presentEndpoint(endpoint: WebhookEndpoint) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    event_types: endpoint.eventTypes,
    disabled: endpoint.disabled,
    disabled_reason: endpoint.disabledReason,
    previous_secret_expires_at:
      endpoint.previousSecretExpiresAt && formatApiTime(endpoint.previousSecretExpiresAt),
    date_created: formatApiTime(endpoint.createdAt),
    date_updated: formatApiTime(endpoint.updatedAt),
  };
}

function presentDelivery(delivery: Delivery) {
  return {
    delivery_id: delivery.id,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    status: delivery.state,
    attempts: delivery.attempts,
    last_http_status: delivery.lastStatus,
    last_error: delivery.lastError,
    last_duration_ms: delivery.lastDurationMs,
    last_attempt_at: delivery.lastAttemptAt && formatApiTime(delivery.lastAttemptAt),
    next_attempt_at: delivery.nextAttemptAt && formatApiTime(delivery.nextAttemptAt),
    last_response: delivery.lastResponse,
    date_created: formatApiTime(delivery.createdAt),
  };
}

function registerCreate(app: ZodApp, webhooks: WebhooksModule): void {
  app.post(
    '/api/v0.1/webhook_endpoints',
    {
      schema: {
        tags,
        summary: 'Add a webhook endpoint',
        description:
          'Linkport POSTs every event the brand records to it, signed per Standard Webhooks with the secret answered here (shown once). The URL must be https and resolve to public addresses (http and loopback are allowed only in local development).',
        security,
        body: createEndpointSchema,
        response: { 201: endpointWithSecretSchema, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const { endpoint, secret } = await webhooks.endpoints.create(requireTenant(request), {
        url: request.body.url,
        eventTypes: request.body.event_types,
        description: request.body.description,
      });
      return reply.status(201).send({ ...presentEndpoint(endpoint), secret });
    },
  );
}

function registerReads(app: ZodApp, webhooks: WebhooksModule): void {
  app.get(
    '/api/v0.1/webhook_endpoints',
    {
      schema: {
        tags,
        summary: "List the brand's webhook endpoints",
        security,
        response: { 200: z.object({ data: z.array(endpointSchema) }), ...errorResponses(401) },
      },
    },
    async (request) => ({
      data: (await webhooks.endpoints.list(requireTenant(request))).map(presentEndpoint),
    }),
  );
  app.get(
    '/api/v0.1/webhook_endpoints/:endpoint_id',
    {
      schema: {
        tags,
        summary: 'Get a webhook endpoint',
        security,
        params: endpointParams,
        response: { 200: endpointSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) =>
      presentEndpoint(await webhooks.endpoints.get(requireTenant(request), request.params.endpoint_id)),
  );
}

function registerChanges(app: ZodApp, webhooks: WebhooksModule): void {
  app.patch(
    '/api/v0.1/webhook_endpoints/:endpoint_id',
    {
      schema: {
        tags,
        summary: 'Change a webhook endpoint: URL, event types, description, disabled',
        security,
        params: endpointParams,
        body: updateEndpointSchema,
        response: { 200: endpointSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) =>
      presentEndpoint(
        await webhooks.endpoints.update(requireTenant(request), request.params.endpoint_id, {
          url: request.body.url,
          eventTypes: request.body.event_types,
          description: request.body.description,
          disabled: request.body.disabled,
        }),
      ),
  );
  app.delete(
    '/api/v0.1/webhook_endpoints/:endpoint_id',
    {
      schema: {
        tags,
        summary: 'Delete a webhook endpoint and its delivery log',
        security,
        params: endpointParams,
        response: {
          200: z.object({ id: z.string(), deleted: z.literal(true) }),
          ...errorResponses(401, 404),
        },
      },
    },
    async (request) => {
      await webhooks.endpoints.delete(requireTenant(request), request.params.endpoint_id);
      return { id: request.params.endpoint_id, deleted: true as const };
    },
  );
}

function registerRotation(app: ZodApp, webhooks: WebhooksModule): void {
  app.post(
    '/api/v0.1/webhook_endpoints/:endpoint_id/rotate_secret',
    {
      schema: {
        tags,
        summary: "Rotate an endpoint's signing secret",
        description:
          'Answers the new secret (shown once). For 24 hours the previous secret signs too: webhook-signature carries both signatures, so a receiver holding either verifies.',
        security,
        params: endpointParams,
        response: { 200: endpointWithSecretSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { endpoint, secret } = await webhooks.endpoints.rotateSecret(
        requireTenant(request),
        request.params.endpoint_id,
      );
      return { ...presentEndpoint(endpoint), secret };
    },
  );
}

function registerDeliveries(app: ZodApp, webhooks: WebhooksModule): void {
  app.get(
    '/api/v0.1/webhook_endpoints/:endpoint_id/deliveries',
    {
      schema: {
        tags,
        summary: "An endpoint's deliveries, newest first",
        description: 'Pages by starting_after (the last delivery_id of the page before).',
        security,
        params: endpointParams,
        querystring: listQuerySchema,
        response: {
          200: pageSchema(deliverySchema, 'WebhookDeliveryPage'),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const page = await webhooks.deliveries.list(requireTenant(request), request.params.endpoint_id, {
        limit: request.query.limit,
        startingAfter: request.query.starting_after,
      });
      return { data: page.data.map(presentDelivery), has_more: page.hasMore };
    },
  );
}

function registerReplay(app: ZodApp, webhooks: WebhooksModule): void {
  app.post(
    '/api/v0.1/events/:event_id/redeliver',
    {
      schema: {
        tags,
        summary: 'Send an event again',
        description:
          'To one endpoint, or to every enabled endpoint that takes its type; the webhook-id is the same as before.',
        security,
        params: z.object({ event_id: idParam }),
        body: redeliverSchema,
        response: {
          202: z.object({
            deliveries: z.array(z.object({ delivery_id: z.string(), endpoint_id: z.string() })),
          }),
          ...errorResponses(400, 401, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const made = await webhooks.deliveries.redeliver(
        requireTenant(request),
        request.params.event_id,
        request.body.endpoint_id,
      );
      return reply
        .status(202)
        .send({ deliveries: made.map((d) => ({ delivery_id: d.deliveryId, endpoint_id: d.endpointId })) });
    },
  );
  app.post(
    '/api/v0.1/webhook_endpoints/:endpoint_id/recover',
    {
      schema: {
        tags,
        summary: 'Send again every event whose delivery to this endpoint failed since a time',
        security,
        params: endpointParams,
        body: recoverSchema,
        response: { 202: z.object({ redelivered: z.number().int() }), ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const since = new Date(request.body.since).toISOString();
      const redelivered = await webhooks.deliveries.recover(
        requireTenant(request),
        request.params.endpoint_id,
        since,
      );
      return reply.status(202).send({ redelivered });
    },
  );
}

/** Outbound webhooks: a brand's endpoints, their delivery log, and replay. */
export function webhookEndpointRoutes(webhooks: WebhooksModule): FastifyPluginAsyncZod {
  return async (app) => {
    registerCreate(app, webhooks);
    registerReads(app, webhooks);
    registerChanges(app, webhooks);
    registerRotation(app, webhooks);
    registerDeliveries(app, webhooks);
    registerReplay(app, webhooks);
  };
}
