import { describe, expect, it } from 'vitest';
import { createManualClock } from '../lib/clock.js';
import { cacheOf, ReadCache } from './read-cache.js';
import { openSandboxState } from './state.js';

describe('ReadCache', () => {
  it('serves a row until the next write, and keeps nothing loaded while a write ran', async () => {
    let writes = 0;
    const cache = new ReadCache<string>(() => writes);
    let loads = 0;
    const load = async () => `row${++loads}`;
    expect(await cache.getOrLoad('k', load)).toBe('row1');
    expect(await cache.getOrLoad('k', load)).toBe('row1');
    writes++;
    expect(await cache.getOrLoad('k', load)).toBe('row2');
    // A write lands while the row is being read: the answer is used once, not kept.
    expect(
      await cache.getOrLoad('other', async () => {
        writes++;
        return 'racing';
      }),
    ).toBe('racing');
    expect(await cache.getOrLoad('other', async () => 'fresh')).toBe('fresh');
  });

  it('counts writes, RETURNING writes and transaction boundaries of the sandbox database, not reads', async () => {
    const state = await openSandboxState(':memory:', createManualClock(new Date()));
    try {
      const before = state.writes();
      await state.db.selectFrom('sandbox_items').selectAll().execute();
      expect(state.writes()).toBe(before);
      await state.db
        .insertInto('sandbox_webhook_keys')
        .values({ kid: 'k1', private_jwk: '{}', public_jwk: '{}', created_at: 'now', expired_at: null })
        .returning('kid')
        .execute();
      expect(state.writes()).toBeGreaterThan(before);
      const afterInsert = state.writes();
      await state.db
        .transaction()
        .execute(async (tx) => {
          await tx.selectFrom('sandbox_items').selectAll().execute();
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect(state.writes()).toBeGreaterThan(afterInsert);
      expect(cacheOf(new WeakMap<typeof state, ReadCache<string>>(), state)).toBeInstanceOf(ReadCache);
    } finally {
      await state.close();
    }
  });
});
