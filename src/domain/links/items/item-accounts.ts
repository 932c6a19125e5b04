import type { Clock } from '../../../lib/clock.js';
import type { Keyring } from '../../../lib/crypto.js';
import { AppError } from '../../../lib/errors.js';
import { newId } from '../../../lib/ids.js';
import type { ItemAccountWithNumbers } from '../../../plaid/client/types.js';
import type { Db } from '../../../store/db.js';
import {
  findLiveByFingerprint,
  hasOpenAccount,
  insertLinkedAccount,
  isDuplicateLinkError,
  updateLinkedAccount,
} from '../../../store/linked-accounts.store.js';
import { insertItem, lockItem, updateItem } from '../../../store/plaid-items.store.js';
import type { LinkedAccountStatus, LinkedAccountsTable, PlaidItemsTable } from '../../../store/schema.js';
import { transact, type Tx } from '../../../store/tx.js';
import { emit } from '../../events/emit.js';
import { rowCipher } from '../sealing.js';

/** How a held Item's accounts move to the set the user chose. */
export interface AccountPlan {
  /** Closed accounts chosen again. */
  reopen: LinkedAccountsTable[];
  /** Open accounts no longer chosen. */
  close: LinkedAccountsTable[];
  /** Chosen accounts Linkport has no row for yet, with their numbers from Plaid. */
  add: { account: ItemAccountWithNumbers; fingerprint: string }[];
}

/**
 * How the chosen ids apply. `exact` (a new Item, PATCH): the Item's open accounts become exactly
 * these, closed ones chosen again reopen. `follow` (a public token from update mode on a held Item):
 * accounts chosen that Linkport never had are added and accounts gone from the Item at Plaid close,
 * but an account the brand closed stays closed (Link lists every account of the Item, closed or not).
 */
export type PlanMode = { mode: 'exact' } | { mode: 'follow'; liveIds: string[] };

/**
 * Compares the Item's rows with the chosen Plaid account ids and reads the numbers of the new ones
 * (`readNumbers`, Plaid's /auth/get). A new account already linked to the owner another way is a 409.
 */
export async function planAccounts(
  ctx: { db: Db; keyring: Keyring; readNumbers: (ids: string[]) => Promise<ItemAccountWithNumbers[]> },
  item: PlaidItemsTable,
  rows: LinkedAccountsTable[],
  wanted: string[],
  how: PlanMode,
): Promise<AccountPlan> {
  const rowByPlaidId = new Map(rows.map((r) => [r.plaid_account_id, r]));
  if (how.mode === 'follow') {
    const live = new Set(how.liveIds);
    const stillOpen = rows.some((r) => r.status !== 'removed' && live.has(r.plaid_account_id));
    // Nothing else would stay open: the user's choice is all there is, so the accounts chosen reopen.
    if (!stillOpen && wanted.every((id) => rowByPlaidId.has(id)))
      return planAccounts(ctx, item, rows, wanted, { mode: 'exact' });
  }
  const keep = new Set(how.mode === 'exact' ? wanted : how.liveIds);
  const reopen =
    how.mode === 'exact' ? rows.filter((r) => r.status === 'removed' && keep.has(r.plaid_account_id)) : [];
  const close = rows.filter((r) => r.status !== 'removed' && !keep.has(r.plaid_account_id));
  const newIds = wanted.filter((id) => !rowByPlaidId.has(id));
  const read = newIds.length > 0 ? await ctx.readNumbers(newIds) : [];
  const missing = newIds.filter((id) => !read.some((a) => a.plaidAccountId === id));
  if (missing.length > 0)
    throw new AppError(
      'account_not_supported',
      `Plaid reports no ACH numbers for ${missing.join(', ')}; only checking and savings accounts can be linked.`,
    );
  const add: AccountPlan['add'] = [];
  for (const account of read) {
    const fingerprint = ctx.keyring.fingerprint(
      item.brand_id,
      account.ach.routingNumber,
      account.ach.accountNumber,
    );
    const existing = await findLiveByFingerprint(ctx.db, item.brand_id, item.owner_id, fingerprint);
    if (existing)
      throw new AppError(
        'conflict',
        `The bank account ${account.plaidAccountId} is already linked to this owner as ${existing.id}.`,
      );
    add.push({ account, fingerprint });
  }
  return { reopen, close, add };
}

export interface PlanWrite {
  item: PlaidItemsTable;
  plan: AccountPlan;
  cardAccountId: string | null;
  newItem: boolean;
  /** Runs last in the transaction (the caller reads what it answers, and may store it there). */
  finish?: (tx: Tx) => Promise<void>;
}

/** Writes the Item (new, or its new-accounts flag cleared), the plan and their events in one transaction. */
export async function applyAccountPlan(
  db: Db,
  keyring: Keyring,
  clock: Clock,
  input: PlanWrite,
): Promise<void> {
  const now = clock.now().toISOString();
  try {
    await transact(db, async (tx) => {
      const item = await writeItem(tx, input, now);
      const openStatus: LinkedAccountStatus = item.is_login_required ? 'login_required' : 'active';
      for (const row of input.plan.close) await closeAccount(tx, item, row, now);
      for (const row of input.plan.reopen) await reopenAccount(tx, item, row, openStatus, now);
      for (const added of input.plan.add)
        await addAccount(tx, keyring, { item, added, cardAccountId: input.cardAccountId, openStatus, now });
      // The plan was made before the lock: if accounts were removed meanwhile, none may be left.
      if (!(await hasOpenAccount(tx, item.brand_id, item.id)))
        throw new AppError(
          'conflict',
          'The accounts chosen were removed meanwhile and the Plaid item would have none left; nothing was changed. Choose its accounts again.',
        );
      await input.finish?.(tx);
    });
  } catch (error) {
    // Two links of the same bank account at once: the unique index lets one through.
    if (isDuplicateLinkError(error))
      throw new AppError('conflict', 'One of these bank accounts is already linked to this owner.');
    throw error;
  }
}

/** A new Item is inserted; a held one is locked and read as it is now (not removed meanwhile). */
async function writeItem(tx: Tx, input: PlanWrite, now: string): Promise<PlaidItemsTable> {
  if (input.newItem) {
    await insertItem(tx, input.item);
    await emit(
      tx,
      input.item.brand_id,
      {
        type: 'item.linked',
        subjectId: input.item.id,
        data: { plaid_item_id: input.item.plaid_item_id, owner_id: input.item.owner_id },
      },
      now,
    );
    return input.item;
  }
  const current = await lockItem(tx, input.item.brand_id, input.item.id);
  if (current?.status !== 'active')
    throw new AppError('conflict', 'This Plaid item was removed or revoked meanwhile; nothing was changed.');
  await updateItem(tx, current.brand_id, current.id, { new_accounts_available: 0, updated_at: now });
  return current;
}

async function closeAccount(tx: Tx, item: PlaidItemsTable, row: LinkedAccountsTable, now: string) {
  await updateLinkedAccount(tx, item.brand_id, row.id, {
    status: 'removed',
    removed_at: now,
    updated_at: now,
  });
  await emit(
    tx,
    item.brand_id,
    {
      type: 'external_account.removed',
      subjectId: row.id,
      data: { linked_account_id: row.id, account_id: row.account_id, plaid_item_id: item.plaid_item_id },
    },
    now,
  );
}

async function reopenAccount(
  tx: Tx,
  item: PlaidItemsTable,
  row: LinkedAccountsTable,
  status: LinkedAccountStatus,
  now: string,
) {
  await updateLinkedAccount(tx, item.brand_id, row.id, { status, removed_at: null, updated_at: now });
  await emit(
    tx,
    item.brand_id,
    {
      type: 'external_account.linked',
      subjectId: row.id,
      data: {
        linked_account_id: row.id,
        account_id: row.account_id,
        bank_name: row.bank_name,
        plaid_item_id: item.plaid_item_id,
      },
    },
    now,
  );
}

async function addAccount(
  tx: Tx,
  keyring: Keyring,
  write: {
    item: PlaidItemsTable;
    added: AccountPlan['add'][number];
    cardAccountId: string | null;
    openStatus: LinkedAccountStatus;
    now: string;
  },
) {
  const { item, added, cardAccountId, openStatus, now } = write;
  const { account, fingerprint } = added;
  const id = newId();
  const sealed = rowCipher(keyring, item.brand_id, id);
  await insertLinkedAccount(tx, {
    id,
    brand_id: item.brand_id,
    account_id: cardAccountId,
    owner_id: item.owner_id,
    status: openStatus,
    verification_status: 'instantly_verified',
    institution_id: item.institution_id,
    bank_name: item.institution_name,
    account_name: account.name,
    account_type: account.subtype ?? account.type,
    account_category: account.type,
    mask: account.mask ?? account.ach.accountNumber.slice(-4),
    routing_number_enc: sealed.seal('routing_number', account.ach.routingNumber),
    account_number_enc: sealed.seal('account_number', account.ach.accountNumber),
    fingerprint,
    processor_token_enc: null,
    token_fingerprint: null,
    plaid_account_id: account.plaidAccountId,
    created_at: now,
    updated_at: now,
    removed_at: null,
    item_id: item.id,
  });
  await emit(
    tx,
    item.brand_id,
    {
      type: 'external_account.linked',
      subjectId: id,
      data: {
        linked_account_id: id,
        account_id: cardAccountId,
        bank_name: item.institution_name,
        plaid_item_id: item.plaid_item_id,
      },
    },
    now,
  );
}
