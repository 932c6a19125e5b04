import { addDays } from '../../lib/banking-calendar.js';
import type { CaseBuilder } from './case-builder.js';
import type { Profile } from './profile.js';
import { chance, int, plaidId } from './random.js';

/**
 * The last days before the as-of day are still pending; and some recent card charges also appear
 * as the pending transaction they replaced (a feed that never removed it), linked by
 * pending_transaction_id, one or two days earlier. Neither twin is part of a stream's truth.
 */
export function addPendingNoise(b: CaseBuilder, profile: Profile): void {
  const { pendingDays, pendingTwinRate } = profile.noise;
  const pendingFrom = addDays(b.asOf, -(pendingDays - 1));
  const recent = addDays(b.asOf, -10);
  const twins = [];
  for (const tx of b.transactions) {
    if (tx.date >= pendingFrom) {
      tx.pending = true;
      continue;
    }
    if (tx.date < recent || tx.amount <= 0 || tx.payment_channel === 'other') continue;
    if (!chance(b.random, pendingTwinRate)) continue;
    const twin = {
      ...tx,
      transaction_id: plaidId(b.random),
      pending: true,
      date: addDays(tx.date, -int(b.random, 1, 2)),
    };
    tx.pending_transaction_id = twin.transaction_id;
    twins.push(twin);
  }
  b.transactions.push(...twins);
}
