import { AppError, notFound } from '../../lib/errors.js';
import { findAccount } from '../../store/accounts.store.js';
import type { PageRequest } from '../../store/paging.js';
import type { TransfersTable } from '../../store/schema.js';
import { findTransfer, listTransfers, type TransferFilter } from '../../store/transfers.store.js';
import { transact } from '../../store/tx.js';
import type { Commit } from '../idempotency/idempotency.service.js';
import { readCardBalance } from '../ledger/ledger.js';
import type { Tenant } from '../tenant.js';
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
