import type { TransferStatus, TransfersTable } from '../../store/schema.js';
import { lockTransfer, updateTransfer } from '../../store/transfers.store.js';
import type { Tx } from '../../store/tx.js';
import type { EventType } from '../events/catalog.js';
import { emit } from '../events/emit.js';

/** One step of a transfer's timeline. */
export interface TimelineStep {
  status: TransferStatus | 'funds_available' | 'notification_of_change';
  at: string;
  detail?: string;
}

export function timelineOf(row: Pick<TransfersTable, 'timeline'>): TimelineStep[] {
  return JSON.parse(row.timeline) as TimelineStep[];
}

export function appendTimeline(row: Pick<TransfersTable, 'timeline'>, step: TimelineStep): string {
  return JSON.stringify([...timelineOf(row), step]);
}

export function transferEventData(t: TransfersTable, previous: TransferStatus | null, reason: string | null) {
  return {
    transfer_id: t.id,
    account_id: t.card_account_id,
    linked_account_id: t.linked_account_id,
    direction: t.direction,
    amount_cents: t.amount_cents,
    status: t.status,
    previous_status: previous,
    reason,
    return_code: t.return_code,
    trace_number: t.trace_number,
  };
}

export async function emitTransfer(
  tx: Tx,
  type: Extract<EventType, `transfer.${string}`>,
  t: TransfersTable,
  previous: TransferStatus | null,
  reason: string | null,
  now: string,
): Promise<void> {
  await emit(tx, t.brand_id, { type, subjectId: t.id, data: transferEventData(t, previous, reason) }, now);
}

/**
 * Moves a locked transfer from one of `from` to `to` with its timeline step and event, and runs
 * `post` (its ledger effect) in the same transaction. Null when the transfer was not in `from`: the
 * step already happened (a retry, another worker) and nothing is done twice.
 */
export async function transition(
  tx: Tx,
  id: string,
  step: {
    from: readonly TransferStatus[];
    to: TransferStatus;
    event: Extract<EventType, `transfer.${string}`>;
    reason?: string | null;
    changes?: Partial<TransfersTable>;
    post?: (t: TransfersTable) => Promise<Partial<TransfersTable> | void>;
  },
  now: string,
): Promise<TransfersTable | null> {
  const row = await lockTransfer(tx, id);
  if (!row || !step.from.includes(row.status)) return null;
  const extra = (await step.post?.(row)) ?? {};
  const reason = step.reason ?? null;
  const detail = reason === null ? {} : { detail: reason };
  const changes: Partial<TransfersTable> = {
    ...step.changes,
    ...extra,
    status: step.to,
    updated_at: now,
    timeline: appendTimeline(row, { status: step.to, at: now, ...detail }),
  };
  await updateTransfer(tx, id, step.from, changes);
  const after: TransfersTable = { ...row, ...changes };
  await emitTransfer(tx, step.event, after, row.status, reason, now);
  return after;
}
