import { AppError, notFound } from '../../lib/errors.js';
import { findAccount } from '../../store/accounts.store.js';
import type { PageRequest } from '../../store/paging.js';
import type { TransfersTable } from '../../store/schema.js';
import {
  countRepresentments,
  findTransfer,
  listTransfers,
  type TransferFilter,
} from '../../store/transfers.store.js';
import { transact } from '../../store/tx.js';
import type { Commit } from '../idempotency/idempotency.service.js';
import { readCardBalance } from '../ledger/ledger.js';
import { recordChange } from '../access/audit.js';
import type { Tenant } from '../tenant.js';
import { createTransfer } from './create.js';
import { postFunding, postVoided } from './postings.js';
import type { TransfersContext } from './transfers.context.js';
import { transition } from './transitions.js';

export async function getTransfer(
  ctx: TransfersContext,
  tenant: Tenant,
  id: string,
): Promise<TransfersTable> {
  const row = await findTransfer(ctx.db, tenant.brandId, id);
  if (!row) throw notFound('Transfer');
  return row;
}

export function listBrandTransfers(
  ctx: TransfersContext,
  tenant: Tenant,
  filter: TransferFilter,
  page: PageRequest,
) {
  return listTransfers(ctx.db, tenant.brandId, filter, page);
}

/** Cancels a transfer whose file has not been sent; its ledger hold is let go. */
export async function cancelTransfer(
  ctx: TransfersContext,
  tenant: Tenant,
  id: string,
  commit: Commit<TransfersTable>,
): Promise<TransfersTable> {
  const current = await getTransfer(ctx, tenant, id);
  const now = ctx.clock.now().toISOString();
  return transact(ctx.db, async (tx) => {
    const canceled = await transition(
      tx,
      current.id,
      {
        from: ['pending'],
        to: 'canceled',
        event: 'transfer.canceled',
        post: (t) => postVoided(tx, t, now),
      },
      now,
    );
    if (canceled) {
      await recordChange(
        tx,
        tenant,
        { action: 'transfer.canceled', objectType: 'transfer', objectId: id },
        now,
      );
      await commit(tx, canceled);
      return canceled;
    }
    const after = (await findTransfer(tx, tenant.brandId, id)) as TransfersTable;
    if (after.status === 'canceled') return after;
    throw new AppError(
      'conflict',
      `The transfer is ${after.status}: only a pending transfer (not yet sent in a file to the bank) can be canceled.`,
    );
  });
}

const REPRESENTABLE = new Set(['R01', 'R09']);
const MAX_REPRESENTMENTS = 2;

/**
 * Re-presents a pull returned for insufficient or uncollected funds (R01, R09): a new transfer of
 * the same amount between the same accounts, decided again, at most twice per original (Nacha's
 * Reinitiation rule); its entry says RETRY PYMT.
 */
export async function representTransfer(
  ctx: TransfersContext,
  tenant: Tenant,
  id: string,
  commit: Commit<TransfersTable>,
): Promise<TransfersTable> {
  const returned = await getTransfer(ctx, tenant, id);
  const original = returned.represents_id ? await getTransfer(ctx, tenant, returned.represents_id) : returned;
  if (
    returned.status !== 'returned' ||
    !REPRESENTABLE.has(returned.return_code ?? '') ||
    returned.direction !== 'pull'
  )
    throw new AppError(
      'conflict',
      'Only a pull returned R01 (insufficient funds) or R09 (uncollected funds) can be presented again.',
    );
  const tries = await countRepresentments(ctx.db, tenant.brandId, original.id);
  if (tries >= MAX_REPRESENTMENTS)
    throw new AppError(
      'conflict',
      `The transfer was already presented again ${MAX_REPRESENTMENTS} times, the most Nacha allows.`,
    );
  return createTransfer(
    ctx,
    tenant,
    {
      from: original.linked_account_id,
      to: original.card_account_id,
      amountCents: original.amount_cents,
      currency: 'USD',
      description: original.description,
      speed: original.speed,
      represents: { id: original.id, attempt: tries + 1 },
    },
    commit,
  );
}

/** A card account's balances from the ledger. */
export async function cardBalances(ctx: TransfersContext, tenant: Tenant, cardAccountId: string) {
  return readCardBalance(ctx.db, tenant.brandId, cardAccountId);
}

/** The sandbox's way to put money on a card account (in life: a card load, a deposit). */
export async function fundCard(
  ctx: TransfersContext,
  tenant: Tenant,
  cardAccountId: string,
  amountCents: number,
) {
  const card = await findAccount(ctx.db, tenant.brandId, cardAccountId);
  if (!card) throw notFound('Account');
  const now = ctx.clock.now().toISOString();
  await transact(ctx.db, (tx) => postFunding(tx, tenant.brandId, card.id, amountCents, now));
  return readCardBalance(ctx.db, tenant.brandId, card.id);
}
