import type { Logger } from '../../lib/logger.js';
import { type BucketPolicy, createLocalBuckets, decide, type RateDecision } from '../../lib/token-bucket.js';
import type { Db } from '../../store/db.js';
import { reserveTokens } from '../../store/rate-limits.store.js';
import type { Tenant } from '../tenant.js';

/**
 * Per-brand rate limits, a token bucket per brand. On SQLite (one process) the buckets live in
 * memory. On PostgreSQL every API process draws from one bucket per brand in the database: a process
 * reserves a small chunk of tokens at a time (one atomic statement) and spends it locally, so most
 * requests decide without a round trip, and all processes together never pass more than the bucket
 * holds. A chunk not spent within a second is dropped (the limit errs on the strict side).
 */
export interface RateLimiter {
  /** Synchronous when the answer is at hand (always on SQLite; mostly on PostgreSQL). */
  take(tenant: Tenant): RateDecision | Promise<RateDecision>;
}

const RESERVATION_MS = 1000;

/** A twentieth of a second's worth of requests: few round trips, little held back from other processes. */
export function chunkSize(policy: BucketPolicy): number {
  return Math.max(1, Math.min(policy.burst, Math.ceil(policy.perSecond / 20)));
}

interface Reserved {
  tokens: number;
  expiresMs: number;
  /** The shared bucket's tokens after this process's last reservation. */
  left: number;
  refill: Promise<number> | undefined;
}

function createSharedLimiter(policy: BucketPolicy, db: Db, nowMs: () => number, logger: Logger): RateLimiter {
  const reserved = new Map<string, Reserved>();
  const chunk = chunkSize(policy);
  const spend = (r: Reserved): RateDecision | undefined => {
    if (r.tokens < 1 || nowMs() >= r.expiresMs) return undefined;
    r.tokens -= 1;
    return decide(policy, true, r.tokens + r.left);
  };
  // One reservation in flight per brand: requests arriving meanwhile wait for it.
  const refill = (key: string, r: Reserved): Promise<number> =>
    (r.refill ??= reserveTokens(db, key, policy, chunk)
      .then(({ granted, left }) => {
        r.tokens = granted;
        r.left = left;
        r.expiresMs = nowMs() + RESERVATION_MS;
        return granted;
      })
      .finally(() => {
        r.refill = undefined;
      }));
  const slow = async (key: string, r: Reserved): Promise<RateDecision> => {
    try {
      for (;;) {
        const granted = await refill(key, r);
        const decision = spend(r);
        if (decision) return decision;
        if (granted === 0) return decide(policy, false, r.left);
      }
    } catch (err) {
      // The database is the request's trouble to report (503), not the limiter's: let it through.
      logger.warn({ err }, 'rate limit reservation failed; request let through');
      return decide(policy, true, 0);
    }
  };
  return {
    take(tenant) {
      let r = reserved.get(tenant.brandId);
      if (!r) {
        r = { tokens: 0, expiresMs: 0, left: policy.burst, refill: undefined };
        reserved.set(tenant.brandId, r);
      }
      return spend(r) ?? slow(tenant.brandId, r);
    },
  };
}

export function createRateLimiter(deps: {
  policy: BucketPolicy;
  nowMs: () => number;
  logger: Logger;
  /** PostgreSQL's database, shared by every API process; absent: buckets in this process. */
  shared?: Db;
}): RateLimiter {
  if (deps.shared) return createSharedLimiter(deps.policy, deps.shared, deps.nowMs, deps.logger);
  const local = createLocalBuckets(deps.policy, deps.nowMs);
  return { take: (tenant) => local.take(tenant.brandId) };
}
