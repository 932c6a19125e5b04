import type { Clock } from '../../lib/clock.js';
import { notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../store/db.js';
import { findOwner, insertOwner, listOwners } from '../../store/owners.store.js';
import { withAudit } from '../access/audit.js';
import type { OwnersTable } from '../../store/schema.js';
import type { Tenant } from '../tenant.js';
import type { Address, Owner, OwnerInput, OwnerKind, Page } from './owners.types.js';

export const OWNER_LABELS: Record<OwnerKind, string> = {
  customer: 'Customer',
  business: 'Business',
  pbb_user: 'Pay-by-Bank user',
  profile: 'Profile',
};

export function createOwnersService({ db, clock }: { db: Db; clock: Clock }) {
  return {
    async create(tenant: Tenant, input: OwnerInput): Promise<Owner> {
      const now = clock.now().toISOString();
      const row = toRow(tenant, input, newId(), now);
      const change = { action: `${row.kind}.created`, objectType: row.kind, objectId: row.id };
      await withAudit(db, tenant, change, now, (tx) => insertOwner(tx, row));
      return toOwner(row);
    },

    /** Another brand's owner, or an owner of another kind, is simply not found. */
    async get(tenant: Tenant, kind: OwnerKind, id: string): Promise<Owner> {
      const row = await findOwner(db, tenant.brandId, kind, id);
      if (!row) throw notFound(OWNER_LABELS[kind]);
      return toOwner(row);
    },

    async list(
      tenant: Tenant,
      kind: OwnerKind,
      page: { limit: number; startingAfter?: string | undefined },
    ): Promise<Page<Owner>> {
      const { rows, hasMore } = await listOwners(db, tenant.brandId, kind, page);
      return { data: rows.map(toOwner), hasMore };
    },
  };
}

export type OwnersService = ReturnType<typeof createOwnersService>;

function toRow(tenant: Tenant, input: OwnerInput, id: string, now: string): OwnersTable {
  const { data } = input;
  const person = input.kind === 'business' ? undefined : input.data;
  const business = input.kind === 'business' ? input.data : undefined;
  return {
    id,
    brand_id: tenant.brandId,
    kind: input.kind,
    first_name: person?.first_name ?? null,
    middle_name: person?.middle_name ?? null,
    last_name: person?.last_name ?? null,
    date_of_birth: person?.date_of_birth ?? null,
    legal_business_name: business?.legal_business_name ?? null,
    dba_business_name: business?.dba_business_name ?? null,
    ein: business?.ein ?? null,
    email: data.email ?? null,
    phone: data.phone ?? null,
    address_line_1: data.address?.address_line_1 ?? null,
    address_line_2: data.address?.address_line_2 ?? null,
    city: data.address?.city ?? null,
    state: data.address?.state ?? null,
    zip_code: data.address?.zip_code ?? null,
    country: data.address?.country ?? null,
    created_at: now,
    updated_at: now,
  };
}

function toAddress(row: OwnersTable): Address | null {
  if (row.address_line_1 === null || row.city === null || row.state === null || row.zip_code === null)
    return null;
  return {
    address_line_1: row.address_line_1,
    address_line_2: row.address_line_2 ?? undefined,
    city: row.city,
    state: row.state,
    zip_code: row.zip_code,
    country: row.country ?? 'US',
  };
}

function toOwner(row: OwnersTable): Owner {
  const isBusiness = row.kind === 'business';
  return {
    id: row.id,
    kind: row.kind,
    person: isBusiness
      ? null
      : {
          first_name: row.first_name ?? '',
          middle_name: row.middle_name ?? undefined,
          last_name: row.last_name ?? '',
          date_of_birth: row.date_of_birth ?? '',
        },
    business: isBusiness
      ? {
          legal_business_name: row.legal_business_name ?? '',
          dba_business_name: row.dba_business_name ?? undefined,
          ein: row.ein ?? '',
        }
      : null,
    email: row.email,
    phone: row.phone,
    address: toAddress(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
