import { addBusinessDays, zonedDate } from '../../../lib/banking-calendar.js';
import {
  dueForRelease,
  dueForSettlement,
  lockTransfer,
  updateTransfer,
} from '../../../store/transfers.store.js';
import { transact, type Tx } from '../../../store/tx.js';
import { postReleased, postSettled } from '../postings.js';
import type { TransfersContext } from '../transfers.context.js';
import { appendTimeline, emitTransfer, transition } from '../transitions.js';

/**
 * Settlement, ACH's way: no news is good news. An entry in a file the bank accepted settles at its
 * window's settlement time unless a return says otherwise (returns after that reverse it). A pull's
 * funds are then held for the configured banking days.
 */

const BATCH = 500;

export async function settleOne(ctx: TransfersContext, tx: Tx, id: string, now: string) {
  const hold = ctx.ach.holdDays > 0;
  return transition(
    tx,
    id,
    {
      from: ['processing'],
      to: 'settled',
      event: 'transfer.settled',
      post: async (t) => {
        await postSettled(tx, t, hold, now);
        if (t.direction !== 'pull') return {};
        const settledOn = zonedDate(new Date(t.settle_at ?? now));
        return { available_on: addBusinessDays(settledOn, ctx.ach.holdDays), funds_available: hold ? 0 : 1 };
      },
    },
    now,
  );
}

export async function settleDue(ctx: TransfersContext, at: Date): Promise<number> {
  let settled = 0;
  for (const t of await dueForSettlement(ctx.db, at.toISOString(), BATCH)) {
    const now = ctx.clock.now().toISOString();
    if (await transact(ctx.db, (tx) => settleOne(ctx, tx, t.id, now))) settled++;
  }
  return settled;
}

/** Ends the holds whose last banking day has passed. */
export async function releaseDue(ctx: TransfersContext, at: Date): Promise<number> {
  let released = 0;
  for (const t of await dueForRelease(ctx.db, zonedDate(at), BATCH)) {
    const now = ctx.clock.now().toISOString();
    const done = await transact(ctx.db, async (tx) => {
      const row = await lockTransfer(tx, t.id);
      if (!row || row.status !== 'settled' || row.funds_available === 1) return false;
      await postReleased(tx, row, now);
      const changes = {
        funds_available: 1,
        timeline: appendTimeline(row, { status: 'funds_available', at: now }),
        updated_at: now,
      };
      await updateTransfer(tx, row.id, ['settled'], changes);
      await emitTransfer(tx, 'transfer.funds_available', { ...row, ...changes }, 'settled', null, now);
      return true;
    });
    if (done) released++;
  }
  return released;
}
