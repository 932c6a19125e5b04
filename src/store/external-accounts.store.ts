import { preparedQuery } from '../lib/prepared-query.js';
import type { Db } from './db.js';
import { fetchPage, type PageRequest } from './paging.js';
import type {
  AccountsTable,
  AuditLogTable,
  EventsTable,
  InstitutionsTable,
  LinkedAccountsTable,
} from './schema.js';

export async function insertAccount(db: Db, row: AccountsTable): Promise<void> {
  await db.insertInto('accounts').values(row).execute();
}

// The reads every link makes are compiled once (see lib/prepared-query.ts).
const selectAccount = preparedQuery((db: Db, brandId: string, id: string) =>
  db.selectFrom('accounts').selectAll().where('brand_id', '=', brandId).where('id', '=', id),
);

export async function findAccount(db: Db, brandId: string, id: string): Promise<AccountsTable | undefined> {
  return (await selectAccount(db, brandId, id))[0];
}

export const listOwnerAccounts: (db: Db, brandId: string, ownerId: string) => Promise<AccountsTable[]> =
  preparedQuery((db: Db, brandId: string, ownerId: string) =>
    db
      .selectFrom('accounts')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('owner_id', '=', ownerId)
      .orderBy('id'),
  );

const selectInstitution = preparedQuery((db: Db, id: string) =>
  db.selectFrom('institutions').selectAll().where('id', '=', id),
);

export async function findInstitution(db: Db, id: string): Promise<InstitutionsTable | undefined> {
  return (await selectInstitution(db, id))[0];
}

export async function upsertInstitution(db: Db, row: InstitutionsTable): Promise<void> {
  await db
    .insertInto('institutions')
    .values(row)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ name: row.name, logo: row.logo, updated_at: row.updated_at }),
    )
    .execute();
}

/**
 * Whether an insert failed on the one-live-link-per-bank-account rule: two links of the same bank
 * account for one owner at once, of which the database let one through.
 */
export function isDuplicateLinkError(error: unknown): boolean {
  return /linked_accounts_live_fingerprint_idx|UNIQUE constraint failed: linked_accounts/.test(String(error));
}

export async function insertLinkedAccount(db: Db, row: LinkedAccountsTable): Promise<void> {
  await db.insertInto('linked_accounts').values(row).execute();
}

export async function findLinkedAccount(
  db: Db,
  brandId: string,
  id: string,
): Promise<LinkedAccountsTable | undefined> {
  return db
    .selectFrom('linked_accounts')
    .selectAll()
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The live (not removed) link of this bank account for this owner, if any. */
const selectLiveByFingerprint = preparedQuery(
  (db: Db, brandId: string, ownerId: string, fingerprint: string, removed: string) =>
    db
      .selectFrom('linked_accounts')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('owner_id', '=', ownerId)
      .where('fingerprint', '=', fingerprint)
      .where('status', '<>', removed as 'removed'),
);

export async function findLiveByFingerprint(
  db: Db,
  brandId: string,
  ownerId: string,
  fingerprint: string,
): Promise<LinkedAccountsTable | undefined> {
  return (await selectLiveByFingerprint(db, brandId, ownerId, fingerprint, 'removed'))[0];
}

export async function updateLinkedAccount(
  db: Db,
  brandId: string,
  id: string,
  changes: Partial<Omit<LinkedAccountsTable, 'id' | 'brand_id'>>,
): Promise<void> {
  await db
    .updateTable('linked_accounts')
    .set(changes)
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .execute();
}

/** Like updateLinkedAccount, only while the link is not removed; returns whether it was changed. */
export async function updateLiveLinkedAccount(
  db: Db,
  brandId: string,
  id: string,
  changes: Partial<Omit<LinkedAccountsTable, 'id' | 'brand_id'>>,
): Promise<boolean> {
  const result = await db
    .updateTable('linked_accounts')
    .set(changes)
    .where('brand_id', '=', brandId)
    .where('id', '=', id)
    .where('status', '<>', 'removed')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export type LinkedAccountWithLogo = LinkedAccountsTable & { bank_logo: string | null };

/** The live links of a card account (or of an owner), oldest first, each with its bank's logo. */
export async function listLiveLinkedAccounts(
  db: Db,
  brandId: string,
  scope: { accountId: string } | { ownerId: string },
): Promise<LinkedAccountWithLogo[]> {
  return db
    .selectFrom('linked_accounts as l')
    .leftJoin('institutions as i', 'i.id', 'l.institution_id')
    .selectAll('l')
    .select('i.logo as bank_logo')
    .where('l.brand_id', '=', brandId)
    .$if('accountId' in scope, (q) =>
      q.where('l.account_id', '=', 'accountId' in scope ? scope.accountId : ''),
    )
    .$if('ownerId' in scope, (q) => q.where('l.owner_id', '=', 'ownerId' in scope ? scope.ownerId : ''))
    .where('l.status', '<>', 'removed')
    .orderBy('l.id')
    .execute();
}

export async function insertEvent(db: Db, row: EventsTable): Promise<void> {
  await db.insertInto('events').values(row).execute();
}

export async function listEvents(
  db: Db,
  brandId: string,
  page: PageRequest,
): Promise<{ rows: EventsTable[]; hasMore: boolean }> {
  return fetchPage(page, (after, take) =>
    db
      .selectFrom('events')
      .selectAll()
      .where('brand_id', '=', brandId)
      .$if(after !== undefined, (q) => q.where('id', '>', after ?? ''))
      .orderBy('id')
      .limit(take)
      .execute(),
  );
}

export async function insertAudit(db: Db, rows: AuditLogTable[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('audit_log').values(rows).execute();
}

/** Every live link of a Plaid account, whichever brand holds it (Plaid's webhooks name only the account). */
export async function listLiveByPlaidAccount(db: Db, plaidAccountId: string): Promise<LinkedAccountsTable[]> {
  return db
    .selectFrom('linked_accounts')
    .selectAll()
    .where('plaid_account_id', '=', plaidAccountId)
    .where('status', '<>', 'removed')
    .execute();
}

/** Whether a removed link of this brand was made with the token of this fingerprint. */
export async function isTokenOfRemovedLink(
  db: Db,
  brandId: string,
  tokenFingerprint: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('linked_accounts')
    .select('id')
    .where('brand_id', '=', brandId)
    .where('token_fingerprint', '=', tokenFingerprint)
    .where('status', '=', 'removed')
    .executeTakeFirst();
  return row !== undefined;
}
