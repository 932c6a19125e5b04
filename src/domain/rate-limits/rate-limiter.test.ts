import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresDatabase, type TestStore } from '../../../test/support/databases.js';
import { createLogger } from '../../lib/logger.js';
import { chunkSize, createRateLimiter } from './rate-limiter.js';

const logger = createLogger('silent');

describe('the per-brand limiter in one process', () => {
  it('answers synchronously from buckets in memory', () => {
    let now = 0;
    const limiter = createRateLimiter({ policy: { perSecond: 1, burst: 2 }, nowMs: () => now, logger });
    const brand = { brandId: 'brand_a' };
    expect(limiter.take(brand)).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.take(brand)).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take(brand)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(limiter.take(brand)).toMatchObject({ allowed: true });
  });

  it('reserves a twentieth of a second of requests at a time on PostgreSQL', () => {
    expect(chunkSize({ perSecond: 1, burst: 2 })).toBe(1);
    expect(chunkSize({ perSecond: 1000, burst: 2000 })).toBe(50);
    expect(chunkSize({ perSecond: 1000, burst: 10 })).toBe(10);
  });
});

describe.skipIf(!postgresDatabase)('the per-brand limiter shared on PostgreSQL', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await (postgresDatabase as NonNullable<typeof postgresDatabase>).open();
  });
  afterAll(() => store.close());

  const processes = (policy: { perSecond: number; burst: number }, now: () => number) =>
    [1, 2, 3].map(() => createRateLimiter({ policy, nowMs: now, logger, shared: store.db }));

  it('lets no more through across processes than the bucket holds, and refills with time', async () => {
    // A slow refill, so the real time the test takes adds no whole token.
    const policy = { perSecond: 1, burst: 20 };
    const apis = processes(policy, () => 0);
    const brand = { brandId: 'brand_shared' };
    const decisions = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        Promise.resolve((apis[i % apis.length] as (typeof apis)[0]).take(brand)),
      ),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
    const refused = decisions.find((d) => !d.allowed);
    expect(refused).toMatchObject({ limit: 20, remaining: 0 });
    // Ten seconds later (the database's clock, moved back in the row): ten more.
    await sql`update rate_limit_buckets set refilled_at = refilled_at - interval '10 seconds'`.execute(
      store.db,
    );
    const later = processes(policy, () => 0);
    const again = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        Promise.resolve((later[i % later.length] as (typeof later)[0]).take(brand)),
      ),
    );
    expect(again.filter((d) => d.allowed)).toHaveLength(10);
  });

  it('spends a reservation locally, without a round trip, until it runs out or expires', async () => {
    let now = 0;
    const [api] = processes({ perSecond: 200, burst: 400 }, () => now);
    const limiter = api as NonNullable<typeof api>;
    const brand = { brandId: 'brand_local' };
    expect(await limiter.take(brand)).toMatchObject({ allowed: true });
    const next = limiter.take(brand);
    expect(next).not.toBeInstanceOf(Promise);
    expect(next).toMatchObject({ allowed: true, remaining: 398 });
    now += 1000;
    expect(limiter.take(brand)).toBeInstanceOf(Promise);
  });

  it('keeps brands apart', async () => {
    const [api] = processes({ perSecond: 0.001, burst: 1 }, () => 0);
    const limiter = api as NonNullable<typeof api>;
    expect(await limiter.take({ brandId: 'brand_x' })).toMatchObject({ allowed: true });
    expect(await limiter.take({ brandId: 'brand_x' })).toMatchObject({ allowed: false });
    expect(await limiter.take({ brandId: 'brand_y' })).toMatchObject({ allowed: true });
  });
});
