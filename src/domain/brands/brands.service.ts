import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { insertBrand, listBrands, setIdentityMatch, setPlaidIntegration } from '../../store/brands.store.js';
import { insertRedirect } from '../../store/redirects.store.js';
import { findBrand } from '../../store/brands.store.js';
import { AppError } from '../../lib/errors.js';
import { notFound } from '../../lib/errors.js';
import type { Db } from '../../store/db.js';
import { transact, type Tx } from '../../store/tx.js';
import { insertKey } from '../access/api-keys.js';
import { recordChange, withAudit } from '../access/audit.js';
import type { Actor } from '../tenant.js';
import type { Brand, BrandCredentials } from './brands.types.js';

export interface BrandsDeps {
  db: Db;
  clock: Clock;
}

/** The name of the key a brand gets when it is created. */
export const INITIAL_KEY_NAME = 'Initial key';

export function createBrandsService(deps: BrandsDeps) {
  const { db } = deps;
  return {
    /** Creates a brand and its first key; the secret is returned here and never again. */
    create: (input: { name: string }, actor?: Actor) => createBrand(deps, input, actor),

    /** Turns the Plaid processor integration on or off for a brand (seed 000's prerequisite). */
    setPlaidIntegration: (brandId: string, enabled: boolean, actor?: Actor) =>
      changeBrand(deps, { brandId, actor }, 'brand.plaid_integration_set', (tx) =>
        setPlaidIntegration(tx, brandId, enabled),
      ),

    /** Identity Match at link time (seed 001): off by default; threshold is the lowest passing score. */
    setIdentityMatch: (brandId: string, settings: { enabled: boolean; threshold: number }, actor?: Actor) =>
      changeBrand(deps, { brandId, actor }, 'brand.identity_match_set', (tx) =>
        setIdentityMatch(tx, brandId, settings),
      ),

    allowRedirect: (brandId: string, kind: RedirectKind, value: string, actor?: Actor) =>
      allowRedirect(deps, { brandId, actor }, kind, value),

    async list(): Promise<Brand[]> {
      return (await listBrands(db)).map(toBrand);
    },
  };
}

/** The brand, its first key (full access) and, made by an operator, their audit entries: one transaction. */
async function createBrand(
  { db, clock }: BrandsDeps,
  input: { name: string },
  actor?: Actor,
): Promise<BrandCredentials> {
  const now = clock.now().toISOString();
  const brand = { id: newId(), name: input.name, created_at: now };
  const tenant = actor ? { brandId: brand.id, actor } : { brandId: brand.id };
  const created = await transact(db, async (tx) => {
    await insertBrand(tx, brand);
    await recordChange(tx, tenant, { action: 'brand.created', objectType: 'brand', objectId: brand.id }, now);
    return insertKey(tx, tenant, { name: INITIAL_KEY_NAME }, now);
  });
  return { brand: toBrand(brand), identity: created.key.id, secret: created.secret };
}

type RedirectKind = 'redirect_uri' | 'android_package_name';

/**
 * Allows the brand to open Link with this OAuth redirect URI (or Android package name), as Plaid's
 * dashboard does. A redirect URI must be https, or http on localhost, with no query string.
 */
async function allowRedirect(
  deps: BrandsDeps,
  who: { brandId: string; actor: Actor | undefined },
  kind: RedirectKind,
  value: string,
): Promise<void> {
  if (kind === 'redirect_uri') requireRedirectUri(value);
  if (!(await findBrand(deps.db, who.brandId))) throw notFound('Brand');
  const created_at = deps.clock.now().toISOString();
  await changeBrand(deps, who, 'brand.redirect_allowed', async (tx) => {
    await insertRedirect(tx, { brand_id: who.brandId, kind, value, created_at });
    return true;
  });
}

/** One change to a brand's settings (false: no such brand), audited with the operator who made it. */
async function changeBrand(
  { db, clock }: BrandsDeps,
  who: { brandId: string; actor: Actor | undefined },
  action: string,
  write: (tx: Tx) => Promise<boolean>,
): Promise<void> {
  const tenant = who.actor ? { brandId: who.brandId, actor: who.actor } : { brandId: who.brandId };
  const change = { action, objectType: 'brand', objectId: who.brandId };
  await withAudit(db, tenant, change, clock.now().toISOString(), async (tx) => {
    if (!(await write(tx))) throw notFound('Brand');
  });
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
