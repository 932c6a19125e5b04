import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('forgets entries after the ttl and drops the oldest when full', () => {
    const clock = createManualClock();
    const cache = new TtlCache<number>(clock, 1000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe(3);
    clock.advance(1000);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
  });
});
