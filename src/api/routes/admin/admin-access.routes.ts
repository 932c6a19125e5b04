import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccessModule } from '../../../domain/access/access.module.js';
import type { AdminToken } from '../../../domain/access/admin-tokens.js';
import { formatApiTime } from '../../../lib/time.js';
import { adminAuth, requireOperator } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import {
  apiKeyListSchema,
  apiKeySchema,
  auditEntrySchema,
  auditQuerySchema,
  createApiKeyBody,
  createdApiKeySchema,
  presentApiKey,
  presentAuditEntry,
  presentCreatedApiKey,
  toAuditQuery,
  toNewApiKey,
} from '../../shared/access.js';
import { pageSchema } from '../../shared/paging.js';
import { idParam } from '../../shared/params.js';
import type { ZodApp } from '../../shared/zod-app.js';

const tags = ['Admin'];
const security = [{ AdminToken: [] }];
const brandParams = z.object({ brand_id: z.string().min(1).max(64) });

function registerBrandKeys(app: ZodApp, access: AccessModule): void {
  app.post(
    '/admin/brands/:brand_id/keys',
    {
      schema: {
        tags,
        summary: 'Create an API key for a brand; its secret is shown only in this response',
        security,
        params: brandParams,
        body: createApiKeyBody,
        response: { 201: createdApiKeySchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const tenant = { brandId: request.params.brand_id, actor: requireOperator(request) };
      const created = await access.keys.create(tenant, toNewApiKey(request.body), null);
      return reply.status(201).send(presentCreatedApiKey(created));
    },
  );
  app.get(
    '/admin/brands/:brand_id/keys',
    {
      schema: {
        tags,
        summary: "List a brand's API keys",
        security,
        params: brandParams,
        response: { 200: apiKeyListSchema, ...errorResponses(401) },
      },
    },
    async (request) => ({
      data: (await access.keys.list({ brandId: request.params.brand_id })).map(presentApiKey),
    }),
  );
  app.delete(
    '/admin/brands/:brand_id/keys/:api_key_id',
    {
      schema: {
        tags,
        summary: "Revoke a brand's API key: every API process refuses it within a second",
        security,
        params: brandParams.extend({ api_key_id: idParam }),
        response: { 200: apiKeySchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const tenant = { brandId: request.params.brand_id, actor: requireOperator(request) };
      return presentApiKey(await access.keys.revoke(tenant, request.params.api_key_id));
    },
  );
}

const adminTokenSchema = z
  .object({
    admin_token_id: z.string(),
    name: z.string().describe('Admin actions taken with the token are recorded under this name.'),
    created_by: z.string(),
    date_created: z.string(),
    revoked_at: z.string().nullable(),
  })
  .meta({ id: 'AdminToken' });

function presentAdminToken(token: AdminToken) {
  return {
    admin_token_id: token.id,
    name: token.name,
    created_by: token.createdBy,
    date_created: formatApiTime(token.createdAt),
    revoked_at: token.revokedAt === null ? null : formatApiTime(token.revokedAt),
  };
}

function registerAdminTokens(app: ZodApp, access: AccessModule): void {
  app.post(
    '/admin/tokens',
    {
      schema: {
        tags,
        summary: 'Create a named admin token; it is shown only in this response',
        description:
          'Each operator gets their own, so admin actions are attributable; revoke it when they leave.',
        security,
        body: z.strictObject({
          name: z.string().trim().min(1, 'must not be empty').max(100),
        }),
        response: {
          201: adminTokenSchema.extend({
            token: z.string().describe('Send as Authorization: Bearer <token>.'),
          }),
          ...errorResponses(400, 401, 409),
        },
      },
    },
    async (request, reply) => {
      const created = await access.adminTokens.create(requireOperator(request), request.body.name);
      return reply.status(201).send({ ...presentAdminToken(created.token), token: created.secret });
    },
  );
  app.get(
    '/admin/tokens',
    {
      schema: {
        tags,
        summary: 'List the named admin tokens (never the tokens themselves)',
        security,
        response: { 200: z.object({ data: z.array(adminTokenSchema) }), ...errorResponses(401) },
      },
    },
    async () => ({ data: (await access.adminTokens.list()).map(presentAdminToken) }),
  );
  app.delete(
    '/admin/tokens/:admin_token_id',
    {
      schema: {
        tags,
        summary: 'Revoke a named admin token (at once)',
        security,
        params: z.object({ admin_token_id: idParam }),
        response: { 200: adminTokenSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) =>
      presentAdminToken(
        await access.adminTokens.revoke(requireOperator(request), request.params.admin_token_id),
      ),
  );
}

function registerAuditLog(app: ZodApp, access: AccessModule): void {
  app.get(
    '/admin/audit_log',
    {
      schema: {
        tags,
        summary: "The operator's audit log: every brand's entries and the operators' own, newest first",
        security,
        querystring: auditQuerySchema.extend({ brand_id: z.string().min(1).max(64).optional() }),
        response: { 200: pageSchema(auditEntrySchema, 'AdminAuditEntryPage'), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { limit, starting_after, brand_id } = request.query;
      const page = await access.audit.listAll(
        { ...toAuditQuery(request.query), brandId: brand_id },
        { limit, startingAfter: starting_after },
      );
      return { data: page.data.map(presentAuditEntry), has_more: page.hasMore };
    },
  );
}

/** Operators' access routes: brands' keys, named admin tokens, the audit log. */
export function adminAccessRoutes(access: AccessModule): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', adminAuth(access.adminTokens));
    registerBrandKeys(app, access);
    registerAdminTokens(app, access);
    registerAuditLog(app, access);
  };
}
