import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OwnersService } from '../../../domain/owners/owners.service.js';
import type { Owner, OwnerInput, OwnerKind } from '../../../domain/owners/owners.types.js';
import { formatApiTime } from '../../../lib/time.js';
import { requireTenant } from '../../plugins/auth.js';
import { listQuerySchema, pageSchema } from '../../shared/paging.js';
import { errorResponses } from '../../plugins/errors.js';
import type { ZodApp } from '../../shared/zod-app.js';
import {
  businessInputSchema,
  businessOutputSchema,
  personInputSchema,
  personOutputSchema,
} from './owners.schemas.js';

interface OwnerRoute {
  kind: OwnerKind;
  path: string;
  idField: string;
  tag: string;
  noun: string;
  input: typeof personInputSchema | typeof businessInputSchema;
  output: z.ZodType;
  /** Name of the output schema in the OpenAPI document. */
  schemaId: string;
}

const personRoute = (
  kind: Exclude<OwnerKind, 'business'>,
  path: string,
  idField: string,
  tag: string,
  noun: string,
  id: string,
): OwnerRoute => ({
  kind,
  path,
  idField,
  tag,
  noun,
  input: personInputSchema,
  output: personOutputSchema(idField, id),
  schemaId: id,
});

/** The four kinds of owner, one table of routes (seed 000: customers, businesses, Pay-by-Bank users; seed 003: profiles). */
export const OWNER_ROUTES: OwnerRoute[] = [
  personRoute('customer', '/api/v0.1/customers', 'customer_id', 'Customers', 'customer', 'Customer'),
  {
    kind: 'business',
    path: '/api/v0.1/businesses',
    idField: 'business_id',
    tag: 'Businesses',
    noun: 'business',
    input: businessInputSchema,
    output: businessOutputSchema,
    schemaId: 'Business',
  },
  personRoute(
    'pbb_user',
    '/api/v0.1/pbb_users',
    'pbb_user_id',
    'Pay-by-Bank users',
    'Pay-by-Bank user',
    'PbbUser',
  ),
  personRoute('profile', '/profiles', 'profile_id', 'Profiles', 'profile', 'Profile'),
];

export function presentOwner(owner: Owner, idField: string): Record<string, unknown> {
  const address = owner.address && { ...owner.address, address_line_2: owner.address.address_line_2 ?? null };
  const common = {
    email: owner.email,
    phone: owner.phone,
    address,
    date_created: formatApiTime(owner.createdAt),
    date_updated: formatApiTime(owner.updatedAt),
  };
  if (owner.business) {
    return {
      [idField]: owner.id,
      ...owner.business,
      dba_business_name: owner.business.dba_business_name ?? null,
      ...common,
    };
  }
  return { [idField]: owner.id, ...owner.person, middle_name: owner.person?.middle_name ?? null, ...common };
}

const security = [{ Identity: [], Authorization: [] }];

function registerCreate(app: ZodApp, route: OwnerRoute, owners: OwnersService): void {
  app.post(
    route.path,
    {
      schema: {
        tags: [route.tag],
        summary: `Create a ${route.noun}`,
        security,
        body: route.input,
        response: { 201: route.output, ...errorResponses(400, 401, 413) },
      },
    },
    async (request, reply) => {
      const input = { kind: route.kind, data: request.body } as OwnerInput;
      const owner = await owners.create(requireTenant(request), input);
      return reply.status(201).send(presentOwner(owner, route.idField));
    },
  );
}

function registerGet(app: ZodApp, route: OwnerRoute, owners: OwnersService): void {
  app.get(
    `${route.path}/:${route.idField}`,
    {
      schema: {
        tags: [route.tag],
        summary: `Get a ${route.noun}`,
        security,
        params: z.object({ [route.idField]: z.string().min(1).max(64) }),
        response: { 200: route.output, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const id = (request.params as Record<string, string>)[route.idField] ?? '';
      return presentOwner(await owners.get(requireTenant(request), route.kind, id), route.idField);
    },
  );
}

function registerList(app: ZodApp, route: OwnerRoute, owners: OwnersService): void {
  app.get(
    route.path,
    {
      schema: {
        tags: [route.tag],
        summary: `List ${route.noun}s, oldest first`,
        description: 'Pages by `starting_after`: pass the last id of a page to get the next.',
        security,
        querystring: listQuerySchema,
        response: {
          200: pageSchema(route.output, `${route.schemaId}Page`),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => {
      const { limit, starting_after } = request.query;
      const page = await owners.list(requireTenant(request), route.kind, {
        limit,
        startingAfter: starting_after,
      });
      return { data: page.data.map((o) => presentOwner(o, route.idField)), has_more: page.hasMore };
    },
  );
}

function ownerRoutes(route: OwnerRoute, owners: OwnersService): FastifyPluginAsyncZod {
  return async (app) => {
    registerCreate(app, route, owners);
    registerGet(app, route, owners);
    registerList(app, route, owners);
  };
}

export function registerOwnerRoutes(owners: OwnersService): FastifyPluginAsyncZod {
  return async (app) => {
    for (const route of OWNER_ROUTES) await app.register(ownerRoutes(route, owners));
  };
}
