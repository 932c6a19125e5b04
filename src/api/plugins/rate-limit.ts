import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions } from 'fastify';
import type { RateLimiter } from '../../domain/rate-limits/rate-limiter.js';
import { AppError } from '../../lib/errors.js';
import type { RateDecision } from '../../lib/token-bucket.js';
import { errorBodySchema } from './errors.js';

/**
 * The per-brand rate limit on brand routes, after authentication: every answer carries
 * `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` (seconds until the bucket is full);
 * over the limit, a 429 in the one error body with `Retry-After`. A callback hook: the usual answer
 * is synchronous and costs no promise.
 */
export function rateLimitHook(limiter: RateLimiter) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const tenant = request.tenant;
    if (!tenant) {
      done();
      return;
    }
    const decision = limiter.take(tenant);
    if (decision instanceof Promise) decision.then((d) => finish(reply, d, done), done);
    else finish(reply, decision, done);
  };
}

function finish(reply: FastifyReply, d: RateDecision, done: HookHandlerDoneFunction): void {
  reply.header('ratelimit-limit', d.limit);
  reply.header('ratelimit-remaining', d.remaining);
  reply.header('ratelimit-reset', d.resetSeconds);
  if (d.allowed) {
    done();
    return;
  }
  done(
    new AppError(
      'rate_limited',
      `Too many requests for this brand (a burst of ${d.limit} at most, then the configured rate). Retry after ${d.retryAfterSeconds} s.`,
      { headers: { 'retry-after': String(d.retryAfterSeconds) } },
    ),
  );
}

/** Every brand route documents the 429 (the limit may be turned on at any time). */
export function documentRateLimit(route: RouteOptions): void {
  const schema = route.schema;
  if (!schema) return;
  const response = (schema.response ?? {}) as Record<number, unknown>;
  schema.response = { ...response, 429: errorBodySchema };
}
