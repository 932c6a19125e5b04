import { z } from 'zod';

const eventTypes = z
  .array(z.string().min(1).max(100))
  .min(1, 'list at least one event type, or leave event_types out for every type')
  .max(100)
  .describe('The event types this endpoint takes; leave out (or null on update) for every type.');

export const createEndpointSchema = z
  .strictObject({
    url: z.string().trim().min(1, 'must not be empty').max(2048).describe('https, on a public address.'),
    event_types: eventTypes.optional(),
    description: z.string().trim().max(500).optional(),
  })
  .meta({ id: 'NewWebhookEndpoint' });

export const updateEndpointSchema = z
  .strictObject({
    url: z.string().trim().min(1, 'must not be empty').max(2048).optional(),
    event_types: eventTypes.nullable().optional(),
    description: z.string().trim().max(500).nullable().optional(),
    disabled: z
      .boolean()
      .optional()
      .describe('false re-enables an endpoint (its run of failures starts again).'),
  })
  .meta({ id: 'WebhookEndpointChanges' });

export const endpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string().nullable(),
    event_types: z.array(z.string()).nullable(),
    disabled: z.boolean(),
    disabled_reason: z
      .string()
      .nullable()
      .describe('"failing" when Linkport disabled it after five days of failures.'),
    previous_secret_expires_at: z
      .string()
      .nullable()
      .describe('While set, the previous secret still signs too.'),
    date_created: z.string(),
    date_updated: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });

export const endpointWithSecretSchema = endpointSchema
  .extend({
    secret: z
      .string()
      .describe('The signing secret (whsec_…): shown once. Verify with any Standard Webhooks library.'),
  })
  .meta({ id: 'WebhookEndpointWithSecret' });

export const deliverySchema = z
  .object({
    delivery_id: z.string(),
    event_id: z.string().describe('Also the webhook-id header of every attempt.'),
    event_type: z.string(),
    status: z.enum(['pending', 'sending', 'succeeded', 'failed']),
    attempts: z.number().int(),
    last_http_status: z.number().int().nullable(),
    last_error: z.string().nullable(),
    last_duration_ms: z.number().int().nullable(),
    last_attempt_at: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
    last_response: z.string().nullable().describe("The first kilobyte of the endpoint's last answer."),
    date_created: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });

export const redeliverSchema = z
  .strictObject({
    endpoint_id: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe('Only to this endpoint; default: every enabled endpoint that takes the type.'),
  })
  .meta({ id: 'Redelivery' });

export const recoverSchema = z
  .strictObject({
    since: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time, e.g. 2026-12-01T00:00:00Z' }),
  })
  .meta({ id: 'WebhookRecovery' });
