/**
 * Token buckets in this process: each key holds up to `burst` tokens, refilled at `perSecond`; a
 * request takes one. Plain arithmetic on a map, no timers: the check costs a lookup and a few
 * multiplications.
 */

export interface BucketPolicy {
  perSecond: number;
  burst: number;
}

/** The answer for one request, and what the RateLimit-* headers say. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Whole requests left now. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until one request would pass (0 when this one did). */
  retryAfterSeconds: number;
}

/** The decision once `tokens` (fractional) are left after the request was, or was not, let through. */
export function decide(policy: BucketPolicy, allowed: boolean, tokens: number): RateDecision {
  const left = Math.max(0, tokens);
  return {
    allowed,
    limit: policy.burst,
    remaining: Math.floor(left),
    resetSeconds: Math.ceil((policy.burst - left) / policy.perSecond),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - left) / policy.perSecond)),
  };
}

export interface LocalBuckets {
  take(key: string): RateDecision;
}

export function createLocalBuckets(policy: BucketPolicy, nowMs: () => number): LocalBuckets {
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  return {
    take(key) {
      const now = nowMs();
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { tokens: policy.burst, atMs: now };
        buckets.set(key, bucket);
      } else if (now > bucket.atMs) {
        bucket.tokens = Math.min(
          policy.burst,
          bucket.tokens + ((now - bucket.atMs) / 1000) * policy.perSecond,
        );
        bucket.atMs = now;
      }
      if (bucket.tokens < 1) return decide(policy, false, bucket.tokens);
      bucket.tokens -= 1;
      return decide(policy, true, bucket.tokens);
    },
  };
}
