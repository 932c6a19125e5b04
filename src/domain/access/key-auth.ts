import type { Clock } from '../../lib/clock.js';
import { sameBytes, secretMatchesHash } from '../../lib/crypto.js';
import type { Logger } from '../../lib/logger.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import { type ActiveKey, findActiveApiKey, readAccessVersion } from '../../store/api-keys.store.js';
import type { Db } from '../../store/db.js';
import type { Actor, Tenant } from '../tenant.js';
import { createLastUsedTracker } from './last-used.js';
import { type KeyAccess, parseAreas } from './scopes.js';

/**
 * Authentication runs on every brand request, so a found key is remembered briefly. Only unknown
 * identities always reach the database.
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
  /** What the key may do, worked out once when it is read. */
  access: KeyAccess;
  expiresAtMs: number | null;
  version: number;
  /**
   * The secret that last matched the stored hash. A request presenting the same bytes (compared in
   * constant time) skips the hash; any other secret is hashed and checked as usual. It lives and
   * dies with this entry: a new access version, a revocation here or the entry's expiry drops it.
   */
  verifiedSecret?: Buffer;
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
    /** The version, if it was read recently enough to trust without reading it again. */
    fresh(): number | undefined {
      return clock.now().getTime() - checkedAtMs < ACCESS_VERSION_MAX_AGE_MS ? version : undefined;
    },
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

function toCachedKey(identity: string, key: ActiveKey, version: number): CachedKey {
  return {
    key,
    access: { keyId: identity, areas: parseAreas(key.scopes), readOnly: key.read_only === 1 },
    expiresAtMs: key.expires_at === null ? null : Date.parse(key.expires_at),
    version,
  };
}

/** Whether `secret` is the key's: the remembered secret in constant time, else the stored hash. */
function secretMatches(found: CachedKey, secret: string): boolean {
  const given = Buffer.from(secret);
  if (found.verifiedSecret && sameBytes(found.verifiedSecret, given)) return true;
  if (!secretMatchesHash(secret, found.key.secret_hash)) return false;
  found.verifiedSecret = given;
  return true;
}

/** Keys by identity, each trusted while the access version it was read under is the latest. */
function createKeyCache(db: Db, clock: Clock) {
  const cache = new TtlCache<CachedKey>(clock, API_KEY_CACHE_TTL_MS, API_KEY_CACHE_MAX);
  const versions = createVersionWatch(db, clock);
  return {
    /** The cached key when the access version needs no read: the usual request, with no promise. */
    cached(identity: string): CachedKey | undefined {
      const version = versions.fresh();
      if (version === undefined) return undefined;
      const cached = cache.get(identity);
      return cached && cached.version === version ? cached : undefined;
    },
    async find(identity: string): Promise<CachedKey | undefined> {
      const version = await versions.current();
      const cached = cache.get(identity);
      if (cached && cached.version === version) return cached;
      const key = await findActiveApiKey(db, identity);
      if (!key) {
        cache.delete(identity);
        return undefined;
      }
      const found = toCachedKey(identity, key, version);
      cache.set(identity, found);
      return found;
    },
    forget(identity: string): void {
      cache.delete(identity);
      versions.expire();
    },
  };
}

export function createKeyAuthenticator(deps: { db: Db; clock: Clock; logger: Logger }) {
  const { clock } = deps;
  const keys = createKeyCache(deps.db, clock);
  const lastUsed = createLastUsedTracker(deps);

  function admit(
    found: CachedKey | undefined,
    secret: string,
    origin: RequestOrigin,
  ): Authenticated | undefined {
    if (!found || !secretMatches(found, secret)) return undefined;
    if (found.expiresAtMs !== null && found.expiresAtMs <= clock.now().getTime()) return undefined;
    const keyId = found.access.keyId;
    lastUsed.note(keyId);
    const actor: Actor = {
      type: 'api_key',
      id: keyId,
      requestId: origin.requestId,
      sourceAddress: origin.sourceAddress,
    };
    return { tenant: { brandId: found.key.brand_id, actor }, access: found.access };
  }

  return {
    /**
     * The same `undefined` for an unknown, revoked or expired key and a wrong secret. Synchronous
     * when the key is cached and the access version fresh (most requests); a promise otherwise.
     */
    authenticate(
      identity: string,
      secret: string,
      origin: RequestOrigin,
    ): Authenticated | undefined | Promise<Authenticated | undefined> {
      const cached = keys.cached(identity);
      if (cached) return admit(cached, secret, origin);
      return keys.find(identity).then((found) => admit(found, secret, origin));
    },
    /** A key this process revoked: gone at once here, and elsewhere through the access version. */
    forget: (identity: string) => keys.forget(identity),
    /** Writes the last-used times still pending (tests, shutdown). */
    flush: () => lastUsed.flush(),
  };
}

export type KeyAuthenticator = ReturnType<typeof createKeyAuthenticator>;
