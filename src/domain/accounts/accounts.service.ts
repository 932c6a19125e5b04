import type { Clock } from '../../lib/clock.js';
import { AppError, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../store/db.js';
import { findAccount, insertAccount, listOwnerAccounts } from '../../store/accounts.store.js';
import { withAudit } from '../access/audit.js';
import { findOwner, findOwnerById } from '../../store/owners.store.js';
import type { AccountsTable, OwnerKind } from '../../store/schema.js';
import { OWNER_LABELS } from '../owners/owners.service.js';
import type { Tenant } from '../tenant.js';

/** The owner an account or a link is for, as the brand names it: `customer_id`, `business_id`… */
export interface OwnerRef {
  kind: OwnerKind;
  id: string;
}

export interface PlatformAccount {
  id: string;
  owner: OwnerRef;
  type: 'card';
  balanceCents: number;
  currency: string;
  createdAt: string;
  updatedAt: string;
}

interface AccountsDeps {
  db: Db;
  clock: Clock;
}

export function createAccountsService(deps: AccountsDeps) {
  return {
    requireOwner: (tenant: Tenant, owner: OwnerRef) => requireOwner(deps, tenant, owner),
    ownerRef: (tenant: Tenant, ownerId: string) => ownerRef(deps, tenant, ownerId),
    create: (tenant: Tenant, owner: OwnerRef) => createAccount(deps, tenant, owner),
    get: (tenant: Tenant, accountId: string) => getAccount(deps, tenant, accountId),
    resolveForLink: (tenant: Tenant, owner: OwnerRef, accountId: string | undefined) =>
      resolveForLink(deps, tenant, owner, accountId),
  };
}

async function requireOwner({ db }: AccountsDeps, tenant: Tenant, owner: OwnerRef) {
  const row = await findOwner(db, tenant.brandId, owner.kind, owner.id);
  if (!row) throw notFound(OWNER_LABELS[owner.kind]);
  return row;
}

/** The owner of an account or link, as the brand names it (customer_id, business_id…). */
async function ownerRef({ db }: AccountsDeps, tenant: Tenant, ownerId: string): Promise<OwnerRef> {
  const owner = await findOwnerById(db, tenant.brandId, ownerId);
  return { kind: owner?.kind ?? 'customer', id: ownerId };
}

/** A new card account with a zero balance. */
async function createAccount(deps: AccountsDeps, tenant: Tenant, owner: OwnerRef): Promise<PlatformAccount> {
  await requireOwner(deps, tenant, owner);
  const now = deps.clock.now().toISOString();
  const row: AccountsTable = {
    id: newId(),
    brand_id: tenant.brandId,
    owner_id: owner.id,
    type: 'card',
    balance_cents: 0,
    currency: 'USD',
    created_at: now,
    updated_at: now,
  };
  const change = { action: 'account.created', objectType: 'account', objectId: row.id };
  await withAudit(deps.db, tenant, change, now, (tx) => insertAccount(tx, row));
  return toAccount(row, owner);
}

async function getAccount(deps: AccountsDeps, tenant: Tenant, accountId: string): Promise<PlatformAccount> {
  const row = await findAccount(deps.db, tenant.brandId, accountId);
  if (!row) throw notFound('Account');
  return toAccount(row, await ownerRef(deps, tenant, row.owner_id));
}

/**
 * The card account a link attaches to: the one named (it must be the owner's), else the owner's
 * only one.
 */
async function resolveForLink(
  { db }: AccountsDeps,
  tenant: Tenant,
  owner: OwnerRef,
  accountId: string | undefined,
): Promise<AccountsTable> {
  if (accountId !== undefined) {
    const row = await findAccount(db, tenant.brandId, accountId);
    if (!row) throw notFound('Account');
    if (row.owner_id !== owner.id)
      throw new AppError(
        'validation_error',
        `account_id: the account does not belong to this ${owner.kind}.`,
      );
    return row;
  }
  const rows = await listOwnerAccounts(db, tenant.brandId, owner.id);
  const [only] = rows;
  if (!only)
    throw new AppError(
      'unprocessable',
      `The ${owner.kind} has no card account to link to. Create one with POST /api/v0.1/accounts, then link again.`,
    );
  if (rows.length > 1)
    throw new AppError(
      'validation_error',
      `account_id: the ${owner.kind} has ${rows.length} card accounts; name the one to link to.`,
    );
  return only;
}

export type AccountsService = ReturnType<typeof createAccountsService>;

function toAccount(row: AccountsTable, owner: OwnerRef): PlatformAccount {
  return {
    id: row.id,
    owner,
    type: row.type,
    balanceCents: Number(row.balance_cents),
    currency: row.currency,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
