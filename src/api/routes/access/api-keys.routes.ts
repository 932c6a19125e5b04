import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccessModule } from '../../../domain/access/access.module.js';
import { requireAccess, requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import {
  apiKeyListSchema,
  apiKeySchema,
  createApiKeyBody,
  createdApiKeySchema,
  presentApiKey,
  presentCreatedApiKey,
  toNewApiKey,
} from '../../shared/access.js';
import { brandSecurity as security, idParam } from '../../shared/params.js';

const tags = ['API keys'];

/** A brand's own keys: list, create (shown once), revoke. Needs a key with the api_keys scope. */
export function apiKeyRoutes(access: AccessModule): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/v0.1/api_keys',
      {
        schema: {
          tags,
          summary: "List the brand's API keys, revoked ones included (never their secrets)",
          security,
          response: { 200: apiKeyListSchema, ...errorResponses(401, 403) },
        },
      },
      async (request) => ({ data: (await access.keys.list(requireTenant(request))).map(presentApiKey) }),
    );
    app.post(
      '/api/v0.1/api_keys',
      {
        schema: {
          tags,
          summary: 'Create an API key; its secret is shown only in this response',
          description:
            'Rotation without downtime: create the new key, move traffic to it, revoke the old one. A key cannot create a key with scopes wider than its own (403 naming the scope).',
          security,
          body: createApiKeyBody,
          response: { 201: createdApiKeySchema, ...errorResponses(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const created = await access.keys.create(
          requireTenant(request),
          toNewApiKey(request.body),
          requireAccess(request),
        );
        return reply.status(201).send(presentCreatedApiKey(created));
      },
    );
    app.delete(
      '/api/v0.1/api_keys/:api_key_id',
      {
        schema: {
          tags,
          summary: 'Revoke an API key: every API process refuses it within a second',
          security,
          params: z.object({ api_key_id: idParam }),
          response: { 200: apiKeySchema, ...errorResponses(401, 403, 404) },
        },
      },
      async (request) =>
        presentApiKey(await access.keys.revoke(requireTenant(request), request.params.api_key_id)),
    );
  };
}
