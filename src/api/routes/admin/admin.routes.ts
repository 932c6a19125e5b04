import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccessModule } from '../../../domain/access/access.module.js';
import type { BrandsService } from '../../../domain/brands/brands.service.js';
import { formatApiTime } from '../../../lib/time.js';
import { adminAuth, requireOperator } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import type { ZodApp } from '../../shared/zod-app.js';

const createdBrandSchema = z
  .object({
    brand_id: z.string(),
    name: z.string(),
    identity: z.string().describe('Send as the Identity header.'),
    secret: z.string().describe('Send as the Authorization header. Shown only once.'),
    date_created: z.string(),
  })
  .meta({ id: 'BrandCredentials' });

function registerCreateBrand(app: ZodApp, brands: BrandsService): void {
  app.post(
    '/admin/brands',
    {
      schema: {
        tags: ['Admin'],
        summary: 'Create a brand and its API credentials',
        security: [{ AdminToken: [] }],
        body: z.strictObject({ name: z.string().trim().min(1, 'must not be empty').max(200) }),
        response: { 201: createdBrandSchema, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const created = await brands.create({ name: request.body.name }, requireOperator(request));
      return reply.status(201).send({
        brand_id: created.brand.id,
        name: created.brand.name,
        identity: created.identity,
        secret: created.secret,
        date_created: formatApiTime(created.brand.createdAt),
      });
    },
  );
}

function registerPlaidIntegration(app: ZodApp, brands: BrandsService): void {
  app.put(
    '/admin/brands/:brand_id/integrations/plaid',
    {
      schema: {
        tags: ['Admin'],
        summary: "Turn the brand's Plaid processor integration on or off",
        description: 'A brand must enable it before it can link external accounts with processor tokens.',
        security: [{ AdminToken: [] }],
        params: z.object({ brand_id: z.string().min(1).max(64) }),
        body: z.strictObject({ enabled: z.boolean() }),
        response: {
          200: z.object({ brand_id: z.string(), plaid_integration: z.boolean() }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      await brands.setPlaidIntegration(
        request.params.brand_id,
        request.body.enabled,
        requireOperator(request),
      );
      return { brand_id: request.params.brand_id, plaid_integration: request.body.enabled };
    },
  );
}

function registerRedirects(app: ZodApp, brands: BrandsService): void {
  app.post(
    '/admin/brands/:brand_id/redirects',
    {
      schema: {
        tags: ['Admin'],
        summary: 'Register an OAuth redirect URI or Android package name for a brand (hosted linking)',
        description:
          'Hosted-linking link tokens may name only registered ones (a brand asks its Linkport operator to register them). Send exactly one field. Registering again is harmless.',
        security: [{ AdminToken: [] }],
        params: z.object({ brand_id: z.string().min(1).max(64) }),
        body: z
          .strictObject({
            redirect_uri: z.string().trim().min(1).max(2048).optional(),
            android_package_name: z.string().trim().min(1).max(255).optional(),
          })
          .refine((b) => (b.redirect_uri === undefined) !== (b.android_package_name === undefined), {
            message: 'send exactly one of redirect_uri and android_package_name',
            path: ['redirect_uri'],
          }),
        response: {
          201: z.object({
            brand_id: z.string(),
            redirect_uri: z.string().optional(),
            android_package_name: z.string().optional(),
          }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const { redirect_uri, android_package_name } = request.body;
      const [kind, value] =
        redirect_uri !== undefined
          ? (['redirect_uri', redirect_uri] as const)
          : (['android_package_name', android_package_name ?? ''] as const);
      await brands.allowRedirect(request.params.brand_id, kind, value, requireOperator(request));
      return reply.status(201).send({ brand_id: request.params.brand_id, [kind]: value });
    },
  );
}

function registerIdentityMatch(app: ZodApp, brands: BrandsService): void {
  app.put(
    '/admin/brands/:brand_id/identity-match',
    {
      schema: {
        tags: ['Admin'],
        summary: "Turn the brand's Identity Match on or off (checked when an external account is linked)",
        description:
          "When on, linking compares the owner's name, address, phone and email with Plaid's account holder; every field on file must score at least threshold (0-100, default 70).",
        security: [{ AdminToken: [] }],
        params: z.object({ brand_id: z.string().min(1).max(64) }),
        body: z.strictObject({
          enabled: z.boolean(),
          threshold: z.number().int().min(0).max(100).default(70),
        }),
        response: {
          200: z.object({ brand_id: z.string(), identity_match: z.boolean(), threshold: z.number().int() }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      await brands.setIdentityMatch(request.params.brand_id, request.body, requireOperator(request));
      return {
        brand_id: request.params.brand_id,
        identity_match: request.body.enabled,
        threshold: request.body.threshold,
      };
    },
  );
}

/** The operator's routes: brands, their credentials and their settings, behind the admin token. */
export function adminRoutes(brands: BrandsService, access: AccessModule): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', adminAuth(access.adminTokens));
    registerCreateBrand(app, brands);
    registerPlaidIntegration(app, brands);
    registerRedirects(app, brands);
    registerIdentityMatch(app, brands);
  };
}
