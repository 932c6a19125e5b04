import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestStore, testDatabases } from '../../../test/support/databases.js';
import { createManualClock, type ManualClock } from '../../lib/clock.js';
import { insertBrandWithKey } from '../../store/brands.store.js';
import { findKey } from '../../store/idempotency.store.js';
import { transact } from '../../store/tx.js';
import { createIdempotencyService } from './idempotency.service.js';

describe.each(testDatabases)('Idempotency-Key on $name', (database) => {
  let store: TestStore;
  let clock: ManualClock;
  const tenant = { brandId: 'brand-1' };
  const present = (n: number) => ({ status: 201, body: { n } });

  beforeEach(async () => {
    store = await database.open();
    clock = createManualClock();
    await insertBrandWithKey(
      store.db,
      { id: tenant.brandId, name: 'Acme', created_at: clock.now().toISOString() },
      {
        id: 'key-1',
        brand_id: tenant.brandId,
        secret_hash: 'x',
        created_at: clock.now().toISOString(),
        revoked_at: null,
      },
    );
  });
  afterEach(() => store.close());

  it('reserves the key before the request runs: concurrent requests wait and replay the first', async () => {
    const service = createIdempotencyService({ db: store.db, clock });
    let runs = 0;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        service.run(
          tenant,
          'k1',
          'POST /x',
          { a: 1 },
          async (commit) => {
            runs++;
            await new Promise((r) => setTimeout(r, 30)); // Plaid calls take a while
            return transact(store.db, async (tx) => {
              await commit(tx, runs);
              return runs;
            });
          },
          present,
        ),
      ),
    );
    expect(runs).toBe(1);
    expect(answers).toEqual(Array.from({ length: 10 }, () => present(1)));
  });

  it('stores the response with the writes: a rolled-back transaction stores nothing and frees the key', async () => {
    const service = createIdempotencyService({ db: store.db, clock });
    await expect(
      service.run(
        tenant,
        'k2',
        'POST /x',
        {},
        (commit) =>
          transact(store.db, async (tx) => {
            await commit(tx, 1);
            throw new Error('the insert after the response failed');
          }),
        present,
      ),
    ).rejects.toThrow('the insert after the response failed');
    expect(await findKey(store.db, tenant.brandId, 'k2')).toBeUndefined();
    const again = await service.run(tenant, 'k2', 'POST /x', {}, async () => 2, present);
    expect(again).toEqual(present(2));
    expect(await findKey(store.db, tenant.brandId, 'k2')).toMatchObject({
      state: 'completed',
      status_code: 201,
    });
  });

  it('refuses the key with another body (422) and answers 409 with Retry-After when the first takes too long', async () => {
    const service = createIdempotencyService({ db: store.db, clock, maxWaitMs: 50 });
    let release: () => void = () => {};
    const first = service.run(
      tenant,
      'k3',
      'POST /x',
      { a: 1 },
      () => new Promise<number>((resolve) => (release = () => resolve(1))),
      present,
    );
    await new Promise((r) => setTimeout(r, 10));
    await expect(
      service.run(tenant, 'k3', 'POST /x', { a: 2 }, async () => 2, present),
    ).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
    await expect(
      service.run(tenant, 'k3', 'POST /x', { a: 1 }, async () => 2, present),
    ).rejects.toMatchObject({
      code: 'idempotency_key_in_use',
      headers: { 'retry-after': '5' },
    });
    release();
    expect(await first).toEqual(present(1));
  });

  it('lets a retry take over a key whose holder stopped renewing it (the process died)', async () => {
    const service = createIdempotencyService({ db: store.db, clock, leaseMs: 1000 });
    // A holder that reserved the key and died: nothing renews its lease.
    await store.db
      .insertInto('idempotency_requests')
      .values({
        brand_id: tenant.brandId,
        key: 'k4',
        route: 'POST /x',
        request_hash: (await import('node:crypto'))
          .createHash('sha256')
          .update('POST /x\u0000{}')
          .digest('hex'),
        state: 'in_progress',
        locked_until: new Date(clock.now().getTime() + 1000).toISOString(),
        status_code: null,
        response_body: null,
        created_at: clock.now().toISOString(),
        completed_at: null,
      })
      .execute();
    clock.advance(1001);
    expect(await service.run(tenant, 'k4', 'POST /x', {}, async () => 4, present)).toEqual(present(4));
  });
});
