import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BrandsService } from '../../domain/brands/brands.service.js';
import type { Tenant } from '../../domain/tenant.js';
import { AppError } from '../../lib/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null;
  }
}

const BRAND_AUTH_FAILED =
  'Missing or invalid credentials: send your brand Identity and Authorization headers.';

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Accepts the secret bare (as the product documents show) or as a Bearer token. */
function stripBearer(value: string): string {
  return value.startsWith('Bearer ') ? value.slice('Bearer '.length) : value;
}

export function requireTenant(request: Pick<FastifyRequest, 'tenant'>): Tenant {
  if (!request.tenant) throw new AppError('unauthorized', BRAND_AUTH_FAILED);
  return request.tenant;
}

/** onRequest hook for brand routes: every failure gets the same 401 body. */
export function brandAuth(brands: BrandsService) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    // x-api-key / x-api-secret: the same pair under the names insight partners' clients send.
    const identity = headerValue(request, 'identity') ?? headerValue(request, 'x-api-key');
    const authorization = headerValue(request, 'authorization') ?? headerValue(request, 'x-api-secret');
    const tenant =
      identity && authorization ? await brands.authenticate(identity, stripBearer(authorization)) : undefined;
    if (!tenant) throw new AppError('unauthorized', BRAND_AUTH_FAILED);
    request.tenant = tenant;
  };
}

/** onRequest hook for /admin routes: `Authorization: Bearer <admin token>`. */
export function adminAuth(adminToken: string) {
  const expected = Buffer.from(adminToken);
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const given = Buffer.from(stripBearer(headerValue(request, 'authorization') ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError(
        'unauthorized',
        'Missing or invalid admin token: send Authorization: Bearer <LINKPORT_ADMIN_TOKEN>.',
      );
    }
  };
}
