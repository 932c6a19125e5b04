import type { SandboxState } from './state.js';

/**
 * Rows read on every call (the Item behind an access token, a processor token and its Item), kept
 * in memory between writes. The database reports every statement that may change it (see
 * lib/sqlite.ts); any such statement empties the cache, so a cached row is never older than the
 * last write. Coarse, and therefore simple to trust: the sandbox is read far more than written.
 */
export class ReadCache<V> {
  readonly #entries = new Map<string, V>();
  #generation = 0;

  constructor(
    private readonly currentGeneration: () => number,
    private readonly max = 10_000,
  ) {}

  async getOrLoad(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const generation = this.currentGeneration();
    if (generation !== this.#generation) {
      this.#entries.clear();
      this.#generation = generation;
    }
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit;
    const value = await load();
    // A write while loading may have changed the row after it was read: keep nothing then.
    if (value !== undefined && this.currentGeneration() === generation) {
      if (this.#entries.size >= this.max) this.#entries.clear();
      this.#entries.set(key, value);
    }
    return value;
  }
}

/** The cache of one kind kept for one sandbox state (made on first use). */
export function cacheOf<V>(caches: WeakMap<SandboxState, ReadCache<V>>, state: SandboxState): ReadCache<V> {
  let cache = caches.get(state);
  if (!cache) {
    cache = new ReadCache<V>(() => state.writes());
    caches.set(state, cache);
  }
  return cache;
}
