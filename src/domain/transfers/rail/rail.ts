import type { BankOutcome } from '../../../ach/index.js';
import { addBusinessDays, zonedDate, zonedInstant } from '../../../lib/banking-calendar.js';
import { AppError, notFound } from '../../../lib/errors.js';
import { lockRail, updateRail } from '../../../store/ach-rail.store.js';
import {
  clearForcedOutcome,
  findTransfer,
  forcedOutcomes,
  nextSubmission,
  updateTransfer,
} from '../../../store/transfers.store.js';
import { transact } from '../../../store/tx.js';
import type { Tenant } from '../../tenant.js';
import type { TransfersContext } from '../transfers.context.js';
import { readInbound } from './inbound.js';
import { railNow } from './rail-clock.js';
import { releaseDue, settleDue } from './settle.js';
import { submitDue } from './submit.js';

/**
 * One turn of the rail, in the order a day at the bank runs: send the files whose cut-off has
 * come, let the simulated bank (when Linkport runs it) take them and answer, read what the bank
 * sent, settle what is due, end the holds that are over. Every step is idempotent: a turn cut short
 * by a crash is finished by the next.
 */

export interface RailReport {
  at: string;
  sent: string[];
  read: string[];
  settled: number;
  released: number;
}

/** Outcomes forced through the sandbox, handed to the bank before it looks at its files. */
async function forceOutcomes(ctx: TransfersContext, bank: ReturnType<NonNullable<TransfersContext['bank']>>) {
  const rows = await forcedOutcomes(ctx.db);
  for (const row of rows) {
    try {
      bank.forceOutcome(row.trace_number as string, JSON.parse(row.forced_outcome as string) as BankOutcome);
    } catch {
      // Already answered: nothing more to force.
    }
    await clearForcedOutcome(ctx.db, row.id);
  }
}

export async function railTick(ctx: TransfersContext): Promise<RailReport> {
  const at = await railNow(ctx.db, ctx.clock);
  ctx.railOffset.ms = at.getTime() - ctx.clock.now().getTime();
  const sent = await submitDue(ctx, at);
  const bank = ctx.bank?.();
  if (bank) {
    await forceOutcomes(ctx, bank);
    await bank.poll();
  }
  const read = await readInbound(ctx);
  const settled = await settleDue(ctx, at);
  const released = await releaseDue(ctx, at);
  return { at: at.toISOString(), sent, read, settled, released };
}

async function setRailTime(ctx: TransfersContext, at: Date) {
  const now = ctx.clock.now();
  await transact(ctx.db, async (tx) => {
    await lockRail(tx, now.toISOString(), zonedDate(now));
    await updateRail(tx, { clock_offset_ms: at.getTime() - now.getTime(), updated_at: now.toISOString() });
  });
}

/**
 * The sandbox's "advance a banking day": rail time moves to 09:00 Eastern on the next banking day.
 * It stops at each cut-off on the way, as the running rail would have, so files go in the windows
 * their transfers were meant for.
 */
export async function advanceBankingDay(ctx: TransfersContext): Promise<RailReport> {
  if (!ctx.bank)
    throw new AppError(
      'conflict',
      'Banking days pass on their own with a real bank (LINKPORT_ACH_BANK=external).',
    );
  const start = await railNow(ctx.db, ctx.clock);
  const target = zonedInstant(addBusinessDays(zonedDate(start), 1), '09:00');
  const sent: string[] = [];
  for (let stop = 0; stop < 8; stop++) {
    const due = await nextSubmission(ctx.db);
    if (due === undefined || new Date(due) >= target) break;
    const at = new Date(Math.max(new Date(due).getTime(), (await railNow(ctx.db, ctx.clock)).getTime()));
    await setRailTime(ctx, at);
    sent.push(...(await railTick(ctx)).sent);
  }
  await setRailTime(ctx, target);
  const report = await railTick(ctx);
  return { ...report, sent: [...sent, ...report.sent] };
}

const FORCEABLE = new Set([
  'R01',
  'R02',
  'R03',
  'R04',
  'R07',
  'R08',
  'R09',
  'R10',
  'R15',
  'R16',
  'R20',
  'R29',
]);

/** The sandbox's way to decide a transfer's fate at the simulated bank (a return code, or to settle). */
export async function forceTransferOutcome(
  ctx: TransfersContext,
  tenant: Tenant,
  id: string,
  outcome: { returnCode: string | null },
) {
  if (!ctx.bank) throw new AppError('conflict', 'Outcomes can be forced only at the simulated bank.');
  if (outcome.returnCode !== null && !FORCEABLE.has(outcome.returnCode))
    throw new AppError(
      'validation_error',
      `return_code: one of ${[...FORCEABLE].join(', ')}, or null to settle.`,
    );
  const t = await findTransfer(ctx.db, tenant.brandId, id);
  if (!t) throw notFound('Transfer');
  if (!['pending', 'processing', 'settled'].includes(t.status))
    throw new AppError('conflict', `The transfer is ${t.status}: its outcome is already decided.`);
  const forced: BankOutcome =
    outcome.returnCode === null
      ? { kind: 'settle' }
      : { kind: 'return', returnCode: outcome.returnCode, afterBankingDays: 1 };
  await updateTransfer(ctx.db, t.id, [t.status], { forced_outcome: JSON.stringify(forced) });
  return { ...t, forced_outcome: JSON.stringify(forced) };
}
