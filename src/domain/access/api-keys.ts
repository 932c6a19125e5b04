import type { Clock } from '../../lib/clock.js';
import { generateSecret, hashSecret } from '../../lib/crypto.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import {
  type ApiKeyRow,
  bumpAccessVersion,
  findApiKey,
  insertApiKey,
  listApiKeys,
  revokeApiKey,
} from '../../store/api-keys.store.js';
import { findBrand } from '../../store/brands.store.js';
import type { Db } from '../../store/db.js';
import { transact, type Tx } from '../../store/tx.js';
import type { Tenant } from '../tenant.js';
import { recordChange } from './audit.js';
import type { KeyAuthenticator } from './key-auth.js';
import { type ApiArea, type KeyAccess, parseAreas, withinAccess } from './scopes.js';

export interface ApiKey {
  id: string;
  brandId: string;
  name: string;
  /** Null: every area. */
  scopes: readonly ApiArea[] | null;
  readOnly: boolean;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface NewApiKey {
  name: string;
  scopes?: readonly ApiArea[] | null | undefined;
  readOnly?: boolean | undefined;
  expiresAt?: string | null | undefined;
}

/** A new key with its secret, which is shown here once and never again. */
export interface CreatedApiKey {
  key: ApiKey;
  secret: string;
}

export interface ApiKeysContext {
  db: Db;
  clock: Clock;
  auth: KeyAuthenticator;
}

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    brandId: row.brand_id,
    name: row.name,
    scopes: parseAreas(row.scopes),
    readOnly: row.read_only === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/** Writes a key row (in the caller's transaction) and audits it; the brand must exist. */
export async function insertKey(
  tx: Tx,
  tenant: Tenant,
  input: NewApiKey,
  now: string,
): Promise<CreatedApiKey> {
  const secret = generateSecret('lpsk');
  const row: ApiKeyRow = {
    id: newId(),
    brand_id: tenant.brandId,
    secret_hash: hashSecret(secret),
    name: input.name,
    scopes: input.scopes ? JSON.stringify(input.scopes) : null,
    read_only: input.readOnly ? 1 : 0,
    created_at: now,
    created_by: tenant.actor?.id ?? null,
    last_used_at: null,
    expires_at: input.expiresAt ?? null,
    revoked_at: null,
  };
  await insertApiKey(tx, row);
  await recordChange(tx, tenant, { action: 'api_key.created', objectType: 'api_key', objectId: row.id }, now);
  return { key: toApiKey(row), secret };
}

function checkNewKey(input: NewApiKey, grantor: KeyAccess | null, now: Date): void {
  if (
    input.expiresAt !== null &&
    input.expiresAt !== undefined &&
    Date.parse(input.expiresAt) <= now.getTime()
  )
    throw new AppError('validation_error', 'expires_at: must be in the future.');
  const wider = grantor
    ? withinAccess(grantor, { areas: input.scopes ?? null, readOnly: input.readOnly ?? false })
    : undefined;
  if (wider)
    throw new AppError(
      'insufficient_scope',
      `A key cannot create a key wider than itself: it lacks the scope ${wider}.`,
      {
        scope: wider,
      },
    );
}

/** Creates a key for the brand. `grantor` is the key asking (a brand's own call), null for operators. */
export async function createApiKey(
  ctx: ApiKeysContext,
  tenant: Tenant,
  input: NewApiKey,
  grantor: KeyAccess | null,
): Promise<CreatedApiKey> {
  const now = ctx.clock.now();
  checkNewKey(input, grantor, now);
  if (!(await findBrand(ctx.db, tenant.brandId))) throw notFound('Brand');
  return transact(ctx.db, (tx) => insertKey(tx, tenant, input, now.toISOString()));
}

export async function listBrandApiKeys(ctx: ApiKeysContext, tenant: Tenant): Promise<ApiKey[]> {
  return (await listApiKeys(ctx.db, tenant.brandId)).map(toApiKey);
}

/**
 * Revokes a key: at once in this process, within a second on every other (the access version is
 * bumped in the same transaction). Revoking a revoked key answers it as it is.
 */
export async function revokeBrandApiKey(ctx: ApiKeysContext, tenant: Tenant, id: string): Promise<ApiKey> {
  const now = ctx.clock.now().toISOString();
  const row = await transact(ctx.db, async (tx) => {
    if (await revokeApiKey(tx, tenant.brandId, id, now)) {
      await bumpAccessVersion(tx);
      await recordChange(tx, tenant, { action: 'api_key.revoked', objectType: 'api_key', objectId: id }, now);
    }
    return findApiKey(tx, tenant.brandId, id);
  });
  if (!row) throw notFound('API key');
  ctx.auth.forget(id);
  return toApiKey(row);
}
