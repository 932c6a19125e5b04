import type { Clock } from '../../lib/clock.js';
import { generateSecret, hashSecret, sameBytes, secretMatchesHash } from '../../lib/crypto.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import {
  findActiveAdminToken,
  findAdminTokenByName,
  insertAdminToken,
  listAdminTokens,
  revokeAdminToken,
} from '../../store/admin-tokens.store.js';
import type { Db } from '../../store/db.js';
import type { AdminTokensTable } from '../../store/schema.js';
import { transact } from '../../store/tx.js';
import type { Actor } from '../tenant.js';
import { recordOperatorChange } from './audit.js';
import type { RequestOrigin } from './key-auth.js';

/** The name the configured (bootstrap) admin token acts under in the audit log. */
export const BOOTSTRAP_ADMIN_NAME = 'bootstrap';

export interface AdminToken {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

function toAdminToken(row: AdminTokensTable): AdminToken {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
  };
}

interface AdminTokensDeps {
  db: Db;
  clock: Clock;
  bootstrapToken: string;
}

async function createToken({ db, clock }: AdminTokensDeps, actor: Actor, name: string) {
  if (name === BOOTSTRAP_ADMIN_NAME || (await findAdminTokenByName(db, name)))
    throw new AppError('conflict', `name: an admin token named ${name} exists already.`);
  const secret = generateSecret('lpadm');
  const now = clock.now().toISOString();
  const row = {
    id: newId(),
    name,
    token_hash: hashSecret(secret),
    created_at: now,
    created_by: actor.id,
    revoked_at: null,
  };
  const change = { action: 'admin_token.created', objectType: 'admin_token', objectId: row.id };
  await transact(db, async (tx) => {
    await insertAdminToken(tx, row);
    await recordOperatorChange(tx, actor, change, now);
  });
  return { token: toAdminToken(row), secret };
}

async function revokeToken({ db, clock }: AdminTokensDeps, actor: Actor, id: string): Promise<AdminToken> {
  const now = clock.now().toISOString();
  const change = { action: 'admin_token.revoked', objectType: 'admin_token', objectId: id };
  const row = await transact(db, async (tx) => {
    if (await revokeAdminToken(tx, id, now)) await recordOperatorChange(tx, actor, change, now);
    return (await listAdminTokens(tx)).find((t) => t.id === id);
  });
  if (!row) throw notFound('Admin token');
  return toAdminToken(row);
}

/**
 * Operators' access: the configured token (for bootstrap) and named tokens, each revocable, so that
 * every admin action is attributable. Named tokens are looked up on every call: revocation is immediate.
 */
export function createAdminTokens(deps: AdminTokensDeps) {
  const bootstrap = Buffer.from(deps.bootstrapToken);
  return {
    /** The actor the token acts as, or undefined for any token that is not a live one. */
    async authenticate(token: string, origin: RequestOrigin): Promise<Actor | undefined> {
      const given = Buffer.from(token);
      if (sameBytes(given, bootstrap)) return { type: 'admin_token', id: BOOTSTRAP_ADMIN_NAME, ...origin };
      if (!token.startsWith('lpadm_')) return undefined;
      const row = await findActiveAdminToken(deps.db, hashSecret(token));
      if (!row || !secretMatchesHash(token, row.token_hash)) return undefined;
      return { type: 'admin_token', id: row.name, ...origin };
    },
    /** A new named token; the secret is returned here once. */
    create: (actor: Actor, name: string) => createToken(deps, actor, name),
    list: async (): Promise<AdminToken[]> => (await listAdminTokens(deps.db)).map(toAdminToken),
    revoke: (actor: Actor, id: string) => revokeToken(deps, actor, id),
  };
}

export type AdminTokens = ReturnType<typeof createAdminTokens>;
