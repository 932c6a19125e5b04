import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AdminTokens } from '../../domain/access/admin-tokens.js';
import type { Authenticated, KeyAuthenticator } from '../../domain/access/key-auth.js';
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

const brandAuthFailed = () => new AppError('unauthorized', BRAND_AUTH_FAILED);

/** A key limited to other areas, or a read-only key on anything but GET: a 403 naming the scope it lacks. */
function scopeError(access: KeyAccess, area: ApiArea, method: string): AppError | undefined {
  const missing = missingScope(access, area, method !== 'GET' && method !== 'HEAD');
  if (missing === undefined) return undefined;
  const why = missing === 'write' ? 'it is read-only' : `it is limited to other areas`;
  return new AppError('insufficient_scope', `This API key lacks the scope ${missing}: ${why}.`, {
    scope: missing,
  });
}

type OnRequestHook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

/**
 * The one onRequest hook of an area's brand routes: the key (every failure, unknown, wrong, revoked or
 * expired, gets the same 401 body), then the brand's rate limit when one is set (`limit`), then the
 * area's scope. A callback hook: a cached key is let through without a promise. A refusal is answered
 * a microtask later, as an async hook's is: a request whose body the HTTP parser rejects in the same
 * read gets the parser's 400 alone, not a 401 and then the 400.
 */
export function brandAccess(keys: KeyAuthenticator, area: ApiArea, limit?: OnRequestHook): OnRequestHook {
  return (request, reply, done) => {
    const finish = (error?: Error) => (error ? queueMicrotask(() => done(error)) : done());
    // x-api-key / x-api-secret: the same pair under the names insight partners' clients send.
    const identity = headerValue(request, 'identity') ?? headerValue(request, 'x-api-key');
    const authorization = headerValue(request, 'authorization') ?? headerValue(request, 'x-api-secret');
    if (!identity || !authorization) return finish(brandAuthFailed());
    const admit = (found: Authenticated | undefined): void => {
      if (!found) return finish(brandAuthFailed());
      request.tenant = found.tenant;
      request.access = found.access;
      const checkScope = (error?: Error) => finish(error ?? scopeError(found.access, area, request.method));
      if (limit) limit(request, reply, checkScope);
      else checkScope();
    };
    const origin = { requestId: request.id, sourceAddress: request.ip };
    const found = keys.authenticate(identity, stripBearer(authorization), origin);
    if (found instanceof Promise) found.then(admit, done);
    else admit(found);
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
