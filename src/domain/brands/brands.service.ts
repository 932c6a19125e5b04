import type { Clock } from '../../lib/clock.js';
import { generateSecret, hashSecret, secretMatchesHash } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import {
  findActiveApiKey,
  insertBrandWithKey,
  listBrands,
  setIdentityMatch,
  setPlaidIntegration,
} from '../../store/brands.store.js';
import { insertRedirect } from '../../store/redirects.store.js';
import { findBrand } from '../../store/brands.store.js';
import { AppError } from '../../lib/errors.js';
import { notFound } from '../../lib/errors.js';
import type { Db } from '../../store/db.js';
import type { Tenant } from '../tenant.js';
import type { Brand, BrandCredentials } from './brands.types.js';

export interface BrandsDeps {
  db: Db;
  clock: Clock;
}

/**
 * Authentication runs on every brand request, so a found key is remembered briefly. The secret is
 * still checked against the stored hash each time; only unknown identities always reach the database.
 * A key revoked in the database stops working within this long on every API process.
 */
export const API_KEY_CACHE_TTL_MS = 10_000;
const API_KEY_CACHE_MAX = 10_000;

type ApiKeyCache = TtlCache<{ brand_id: string; secret_hash: string }>;

export function createBrandsService(deps: BrandsDeps) {
  const { db } = deps;
  const keys: ApiKeyCache = new TtlCache(deps.clock, API_KEY_CACHE_TTL_MS, API_KEY_CACHE_MAX);
  return {
    /** Creates a brand and its first credential pair; the secret is returned here and never again. */
    create: (input: { name: string }) => createBrand(deps, input),

    /** The same `undefined` for an unknown identity and a wrong secret, so callers cannot tell them apart. */
    async authenticate(identity: string, secret: string): Promise<Tenant | undefined> {
      const key = await findKey(db, keys, identity);
      if (!key || !secretMatchesHash(secret, key.secret_hash)) return undefined;
      return { brandId: key.brand_id };
    },

    /** Turns the Plaid processor integration on or off for a brand (seed 000's prerequisite). */
    async setPlaidIntegration(brandId: string, enabled: boolean): Promise<void> {
      if (!(await setPlaidIntegration(db, brandId, enabled))) throw notFound('Brand');
    },

    /** Identity Match at link time (seed 001): off by default; threshold is the lowest passing score. */
    async setIdentityMatch(
      brandId: string,
      settings: { enabled: boolean; threshold: number },
    ): Promise<void> {
      if (!(await setIdentityMatch(db, brandId, settings))) throw notFound('Brand');
    },

    allowRedirect: (brandId: string, kind: RedirectKind, value: string) =>
      allowRedirect(deps, brandId, kind, value),

    async list(): Promise<Brand[]> {
      return (await listBrands(db)).map(toBrand);
    },
  };
}

async function findKey(db: Db, keys: ApiKeyCache, identity: string) {
  const cached = keys.get(identity);
  if (cached) return cached;
  const key = await findActiveApiKey(db, identity);
  if (key) keys.set(identity, key);
  return key;
}

async function createBrand({ db, clock }: BrandsDeps, input: { name: string }): Promise<BrandCredentials> {
  const now = clock.now().toISOString();
  const brand = { id: newId(), name: input.name, created_at: now };
  const identity = newId();
  const secret = generateSecret('lpsk');
  await insertBrandWithKey(db, brand, {
    id: identity,
    brand_id: brand.id,
    secret_hash: hashSecret(secret),
    created_at: now,
    revoked_at: null,
  });
  return { brand: toBrand(brand), identity, secret };
}

type RedirectKind = 'redirect_uri' | 'android_package_name';

/**
 * Allows the brand to open Link with this OAuth redirect URI (or Android package name), as Plaid's
 * dashboard does. A redirect URI must be https, or http on localhost, with no query string.
 */
async function allowRedirect(
  { db, clock }: BrandsDeps,
  brandId: string,
  kind: RedirectKind,
  value: string,
): Promise<void> {
  if (kind === 'redirect_uri') requireRedirectUri(value);
  if (!(await findBrand(db, brandId))) throw notFound('Brand');
  await insertRedirect(db, { brand_id: brandId, kind, value, created_at: clock.now().toISOString() });
}

export type BrandsService = ReturnType<typeof createBrandsService>;

function toBrand(row: { id: string; name: string; created_at: string }): Brand {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function requireRedirectUri(value: string): void {
  const url = URL.canParse(value) ? new URL(value) : null;
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
  if (!url || !secure || url.search !== '' || url.hash !== '')
    throw new AppError(
      'validation_error',
      'redirect_uri: must be an https URL (http only on localhost) without a query string or fragment.',
    );
}
