import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AdminTokens } from '../../domain/access/admin-tokens.js';
import type { KeyAuthenticator } from '../../domain/access/key-auth.js';
import { type ApiArea, type KeyAccess, missingScope } from '../../domain/access/scopes.js';
import type { Actor, Tenant } from '../../domain/tenant.js';
import { AppError } from '../../lib/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant | null;
    /** What the brand's key may do (brand routes). */
    access: KeyAccess | null;
    /** The operator's admin token (admin routes). */
    operator: Actor | null;
  }
}

const BRAND_AUTH_FAILED =
  'Missing or invalid credentials: send your brand Identity and Authorization headers.';
const ADMIN_AUTH_FAILED =
  'Missing or invalid admin token: send Authorization: Bearer <LINKPORT_ADMIN_TOKEN>.';

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

export function requireAccess(request: Pick<FastifyRequest, 'access'>): KeyAccess {
  if (!request.access) throw new AppError('unauthorized', BRAND_AUTH_FAILED);
  return request.access;
}

export function requireOperator(request: Pick<FastifyRequest, 'operator'>): Actor {
  if (!request.operator) throw new AppError('unauthorized', ADMIN_AUTH_FAILED);
  return request.operator;
}

/** onRequest hook for brand routes: every failure (unknown, wrong, revoked, expired) gets the same 401 body. */
export function brandAuth(keys: KeyAuthenticator) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    // x-api-key / x-api-secret: the same pair under the names insight partners' clients send.
    const identity = headerValue(request, 'identity') ?? headerValue(request, 'x-api-key');
    const authorization = headerValue(request, 'authorization') ?? headerValue(request, 'x-api-secret');
    const found =
      identity && authorization
        ? await keys.authenticate(identity, stripBearer(authorization), {
            requestId: request.id,
            sourceAddress: request.ip,
          })
        : undefined;
    if (!found) throw new AppError('unauthorized', BRAND_AUTH_FAILED);
    request.tenant = found.tenant;
    request.access = found.access;
  };
}

/**
 * onRequest hook, after brandAuth, for the routes of one area: a key limited to other areas, or a
 * read-only key on anything but GET, gets a 403 naming the scope it lacks.
 */
export function requireScope(area: ApiArea) {
  return (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const write = request.method !== 'GET' && request.method !== 'HEAD';
    const missing = request.access ? missingScope(request.access, area, write) : undefined;
    if (missing === undefined) return done();
    const why = missing === 'write' ? 'it is read-only' : `it is limited to other areas`;
    done(
      new AppError('insufficient_scope', `This API key lacks the scope ${missing}: ${why}.`, {
        scope: missing,
      }),
    );
  };
}

/** onRequest hook for /admin routes: `Authorization: Bearer <admin token>`, the configured one or a named one. */
export function adminAuth(tokens: AdminTokens) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const given = stripBearer(headerValue(request, 'authorization') ?? '');
    const actor = await tokens.authenticate(given, { requestId: request.id, sourceAddress: request.ip });
    if (!actor) throw new AppError('unauthorized', ADMIN_AUTH_FAILED);
    request.operator = actor;
  };
}
