import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_VERSION = '0.1.0';

/** OpenAPI 3 generated from the routes' zod schemas; served at /openapi.json with a reference page at /docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Linkport API',
        version: API_VERSION,
        description:
          "Link customers' external bank accounts through Plaid. Brand routes take the `Identity` and `Authorization` headers; every error has the body `{Message, Status, Code, Type, RequestId}`.",
      },
      components: {
        securitySchemes: {
          Identity: {
            type: 'apiKey',
            in: 'header',
            name: 'Identity',
            description: 'Your brand identity (public key id).',
          },
          Authorization: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'Your brand secret.',
          },
          AdminToken: { type: 'http', scheme: 'bearer', description: 'LINKPORT_ADMIN_TOKEN.' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
