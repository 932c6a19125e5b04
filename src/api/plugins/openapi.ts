import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import { z } from 'zod';
import { API_AREAS } from '../../domain/access/scopes.js';
import { EVENT_CATALOG, EVENT_TYPES } from '../../domain/events/catalog.js';
import { errorBodySchema } from './errors.js';

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

/**
 * Every brand route may answer 403 insufficient_scope (a key limited to other areas, or read-only):
 * documented on each, without each route listing it.
 */
function withScopeErrors(input: TransformInput) {
  // A route without a schema (a test's) has none to add to.
  const schema = input.schema as
    { security?: Record<string, unknown>[]; response?: Record<string, unknown> } | undefined;
  const brandRoute = schema?.security?.some((s) => 'Identity' in s) ?? false;
  if (!brandRoute || !schema?.response || '403' in schema.response) return jsonSchemaTransform(input);
  const response = { ...schema.response, 403: errorBodySchema };
  return jsonSchemaTransform({ ...input, schema: { ...input.schema, response } });
}

/**
 * The webhooks Linkport sends (OpenAPI 3.1's `webhooks`), one per event type, from the event
 * catalogue: the body is `{type, timestamp, data}`, signed per Standard Webhooks.
 */
function webhookDocs(): OpenAPIV3_1.Document['webhooks'] {
  // openapi-types' 3.1 schema types do not accept a plain JSON Schema object: the one cast is here.
  return Object.fromEntries(
    EVENT_TYPES.map((type) => {
      const spec = EVENT_CATALOG[type];
      const body = z.object({
        type: z.literal(type),
        timestamp: z.string().describe('When the event happened (ISO 8601).'),
        data: spec.data,
      });
      const item = {
        post: {
          summary: spec.description,
          description: `Payload version ${spec.version}. Headers: webhook-id (the event id, the same on every attempt), webhook-timestamp, webhook-signature (v1,<base64 HMAC-SHA256>; two while a secret rotation overlaps).`,
          tags: ['Webhooks'],
          requestBody: {
            content: {
              'application/json': {
                schema: z.toJSONSchema(body, { io: 'input' }) as OpenAPIV3_1.MediaTypeObject['schema'],
              },
            },
          },
          responses: {
            '2XX': { description: 'Received. Any other answer, or none within 10 s, is retried.' },
          },
        },
      };
      return [type, item];
    }),
  ) as unknown as OpenAPIV3_1.Document['webhooks'];
}

export const API_VERSION = '0.1.0';

/** OpenAPI 3 generated from the routes' zod schemas; served at /openapi.json with a reference page at /docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const openapi: Partial<OpenAPIV3_1.Document> = {
    openapi: '3.1.0',
    info: {
      title: 'Linkport API',
      version: API_VERSION,
      description: `Link customers' external bank accounts through Plaid. Brand routes take the \`Identity\` and \`Authorization\` headers; every error has the body \`{Message, Status, Code, Type, RequestId}\`, and a 403 insufficient_scope also names the \`Scope\` the key lacks. Keys may be limited to areas (${API_AREAS.join(', ')}) or be read-only; see the API keys and Audit log routes.

Limits: request bodies up to 1 MiB (413 beyond); list pages hold at most 100 items (\`limit\`, default 25). The operator may limit each brand's request rate (a token bucket: a burst, then a steady rate): brand routes then answer with \`RateLimit-Limit\` (the burst), \`RateLimit-Remaining\` and \`RateLimit-Reset\` (seconds until the bucket is full) headers, and over the limit with 429 and \`Retry-After\` (seconds).`,
    },
    webhooks: webhookDocs(),
    components: {
      securitySchemes: {
        Identity: {
          type: 'apiKey',
          in: 'header',
          name: 'Identity',
          description: 'The public id of one of your API keys.',
        },
        Authorization: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'The secret of that key.',
        },
        AdminToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'LINKPORT_ADMIN_TOKEN, or a named admin token (POST /admin/tokens).',
        },
      },
    },
  };
  await app.register(swagger, {
    openapi,
    transform: withScopeErrors,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
