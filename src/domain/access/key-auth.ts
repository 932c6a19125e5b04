import type { Clock } from '../../lib/clock.js';
import { secretMatchesHash } from '../../lib/crypto.js';
import type { Logger } from '../../lib/logger.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import { type ActiveKey, findActiveApiKey, readAccessVersion } from '../../store/api-keys.store.js';
import type { Db } from '../../store/db.js';
import type { Tenant } from '../tenant.js';
import { createLastUsedTracker } from './last-used.js';
import { type KeyAccess, parseAreas } from './scopes.js';

/**
 * Authentication runs on every brand request, so a found key is remembered briefly. The secret is
 * still checked against the stored hash each time; only unknown identities always reach the database.
 */
export const API_KEY_CACHE_TTL_MS = 10_000;
/**
 * How old the access version a request trusts may be. Revoking a key bumps the version in the same
 * transaction; a process that sees a new version ignores every key it cached under an older one, so
 * a key revoked anywhere stops working on every API process within this (plus one small query).
 */
export const ACCESS_VERSION_MAX_AGE_MS = 250;
const API_KEY_CACHE_MAX = 10_000;

interface CachedKey {
  key: ActiveKey;
  /** The key's areas, parsed once when it is read. */
  areas: KeyAccess['areas'];
  version: number;
}

export interface RequestOrigin {
  requestId: string;
  sourceAddress: string;
}

export interface Authenticated {
  tenant: Tenant;
  access: KeyAccess;
}

/** The access version, read at most every ACCESS_VERSION_MAX_AGE_MS; concurrent callers share a read. */
function createVersionWatch(db: Db, clock: Clock) {
  let version = -1;
  let checkedAtMs = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;
  const read = async () => {
    const startedMs = clock.now().getTime();
    const current = await readAccessVersion(db);
    version = Math.max(version, current);
    checkedAtMs = startedMs;
  };
  return {
    async current(): Promise<number> {
      if (clock.now().getTime() - checkedAtMs >= ACCESS_VERSION_MAX_AGE_MS) {
        reading ??= read().finally(() => (reading = undefined));
        await reading;
      }
      return version;
    },
    /** After a revocation in this process: read again on the next request. */
    expire(): void {
      checkedAtMs = Number.NEGATIVE_INFINITY;
    },
  };
}

export function createKeyAuthenticator(deps: { db: Db; clock: Clock; logger: Logger }) {
  const { db, clock } = deps;
  const cache = new TtlCache<CachedKey>(clock, API_KEY_CACHE_TTL_MS, API_KEY_CACHE_MAX);
  const versions = createVersionWatch(db, clock);
  const lastUsed = createLastUsedTracker(deps);

  async function findKey(identity: string): Promise<CachedKey | undefined> {
    const version = await versions.current();
    const cached = cache.get(identity);
    if (cached && cached.version === version) return cached;
    const key = await findActiveApiKey(db, identity);
    if (!key) {
      cache.delete(identity);
      return undefined;
    }
    const found = { key, areas: parseAreas(key.scopes), version };
    cache.set(identity, found);
    return found;
  }

  return {
    /** The same `undefined` for an unknown, revoked or expired key and a wrong secret. */
    async authenticate(
      identity: string,
      secret: string,
      origin: RequestOrigin,
    ): Promise<Authenticated | undefined> {
      const found = await findKey(identity);
      if (!found || !secretMatchesHash(secret, found.key.secret_hash)) return undefined;
      const { key } = found;
      if (key.expires_at !== null && Date.parse(key.expires_at) <= clock.now().getTime()) return undefined;
      lastUsed.note(identity);
      return {
        tenant: { brandId: key.brand_id, actor: { type: 'api_key', id: identity, ...origin } },
        access: { keyId: identity, areas: found.areas, readOnly: key.read_only === 1 },
      };
    },
    /** A key this process revoked: gone at once here, and elsewhere through the access version. */
    forget(identity: string): void {
      cache.delete(identity);
      versions.expire();
    },
    /** Writes the last-used times still pending (tests, shutdown). */
    flush: () => lastUsed.flush(),
  };
}

export type KeyAuthenticator = ReturnType<typeof createKeyAuthenticator>;
