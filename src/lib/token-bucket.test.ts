import { describe, expect, it } from 'vitest';
import { createLocalBuckets, decide } from './token-bucket.js';

describe('token bucket', () => {
  it('lets a burst through, then refills at the rate', () => {
    let now = 0;
    const buckets = createLocalBuckets({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3, 4].map(() => buckets.take('a').allowed)).toEqual([true, true, true, false]);
    expect(buckets.take('b').allowed).toBe(true);
    now += 499;
    expect(buckets.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 1, remaining: 0 });
    now += 1;
    expect(buckets.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    now += 10_000;
    expect(buckets.take('a')).toMatchObject({ allowed: true, remaining: 2, limit: 3 });
  });

  it('says when the bucket is full again and when to retry', () => {
    const policy = { perSecond: 0.5, burst: 10 };
    expect(decide(policy, true, 9)).toEqual({
      allowed: true,
      limit: 10,
      remaining: 9,
      resetSeconds: 2,
      retryAfterSeconds: 0,
    });
    expect(decide(policy, false, 0.25)).toMatchObject({
      remaining: 0,
      retryAfterSeconds: 2,
      resetSeconds: 20,
    });
  });
});
