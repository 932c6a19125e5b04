import {
  type AchNotificationOfChange,
  type AchReturn,
  parseNachaFile,
  readAcknowledgment,
  readBankResponses,
} from '../../../ach/index.js';
import {
  claimInboundFile,
  findAchFileByName,
  insertBlock,
  setInboundSummary,
  updateAchFile,
} from '../../../store/ach-rail.store.js';
import type { TransfersTable } from '../../../store/schema.js';
import {
  findTransferByTrace,
  lockTransfer,
  transfersInFile,
  updateTransfer,
} from '../../../store/transfers.store.js';
import { transact, type Tx } from '../../../store/tx.js';
import { failBeforeSettlement, postReturned } from '../postings.js';
import type { TransfersContext } from '../transfers.context.js';
import { appendTimeline, emitTransfer, transition } from '../transitions.js';
import { settleOne } from './settle.js';

/**
 * Reading what the bank sends back, each file once (its name claimed in the transaction that
 * applies it): acknowledgments (a rejected file fails its transfers), returns (the ledger reversal,
 * the account blocked when the code says so) and notifications of change.
 */

const INBOUND = 'inbound/';

async function applyAcknowledgment(
  ctx: TransfersContext,
  tx: Tx,
  text: string,
  now: string,
): Promise<string> {
  const ack = readAcknowledgment(text);
  const file = await findAchFileByName(tx, ack.file);
  if (!file) return `acknowledgment of an unknown file ${ack.file}`;
  if (ack.status === 'accepted') {
    await updateAchFile(tx, file.id, ['writing', 'sent'], { status: 'accepted', updated_at: now });
    return `${ack.file} accepted (${ack.entryCount} entries)`;
  }
  const reason = `The bank rejected the file it was in (${ack.reason ?? 'no reason given'}${ack.line ? `, line ${ack.line}` : ''}).`;
  await updateAchFile(tx, file.id, ['writing', 'sent'], { status: 'rejected', reason, updated_at: now });
  ctx.logger.error({ file: ack.file, reason: ack.reason, line: ack.line }, 'the bank rejected an ACH file');
  for (const t of await transfersInFile(tx, file.id))
    await failBeforeSettlement(tx, t.id, 'processing', reason, now);
  return `${ack.file} rejected`;
}

async function applyReturn(ctx: TransfersContext, tx: Tx, ret: AchReturn, now: string): Promise<boolean> {
  const found = await findTransferByTrace(tx, ret.originalTraceNumber);
  if (!found) {
    ctx.logger.warn(
      { trace: ret.originalTraceNumber, code: ret.returnCode },
      'a return for an unknown trace number',
    );
    return false;
  }
  if (found.status === 'processing') await settleOne(ctx, tx, found.id, now);
  const reason = `${ret.returnCode}: ${ret.reason.description}`;
  const returned = await transition(
    tx,
    found.id,
    {
      from: ['settled'],
      to: 'returned',
      event: 'transfer.returned',
      reason,
      changes: { return_code: ret.returnCode, failure_reason: reason },
      post: async (row) => ({ shortfall_cents: await postReturned(tx, row, now) }),
    },
    now,
  );
  if (returned && ret.reason.blocksAccount)
    await insertBlock(tx, {
      linked_account_id: found.linked_account_id,
      brand_id: found.brand_id,
      return_code: ret.returnCode,
      transfer_id: found.id,
      created_at: now,
    });
  return returned !== null;
}

async function applyNotification(tx: Tx, noc: AchNotificationOfChange, now: string): Promise<void> {
  const found = await findTransferByTrace(tx, noc.originalTraceNumber);
  const row = found && (await lockTransfer(tx, found.id));
  if (!row || row.correction !== null) return;
  // The corrected values are account data: only which fields changed is kept.
  const correction = {
    change_code: noc.changeCode,
    description: noc.description,
    fields: Object.keys(noc.corrected),
  };
  const detail = `${noc.changeCode}: ${noc.description}`;
  const changes: Partial<TransfersTable> = {
    correction: JSON.stringify(correction),
    timeline: appendTimeline(row, { status: 'notification_of_change', at: now, detail }),
    updated_at: now,
  };
  await updateTransfer(tx, row.id, [row.status], changes);
  await emitTransfer(tx, 'transfer.notification_of_change', { ...row, ...changes }, row.status, detail, now);
}

async function applyResponses(ctx: TransfersContext, tx: Tx, text: string, now: string): Promise<string> {
  const responses = readBankResponses(parseNachaFile(text));
  let returned = 0;
  for (const ret of responses.returns) if (await applyReturn(ctx, tx, ret, now)) returned++;
  for (const noc of responses.notificationsOfChange) await applyNotification(tx, noc, now);
  return `${returned} returns, ${responses.notificationsOfChange.length} notifications of change`;
}

/** Reads every new file in the inbound folder; returns what each said. */
export async function readInbound(ctx: TransfersContext): Promise<string[]> {
  const transport = ctx.transport();
  const summaries: string[] = [];
  for (const name of await transport.list(INBOUND)) {
    const text = (await transport.get(name)).toString('latin1');
    const kind = name.endsWith('.ack.json') ? 'acknowledgment' : 'responses';
    const now = ctx.clock.now().toISOString();
    try {
      const summary = await transact(ctx.db, async (tx) => {
        const claimed = await claimInboundFile(tx, { name, kind, summary: '', processed_at: now });
        if (!claimed) return null;
        const said =
          kind === 'acknowledgment'
            ? await applyAcknowledgment(ctx, tx, text, now)
            : await applyResponses(ctx, tx, text, now);
        await setInboundSummary(tx, name, said);
        return said;
      });
      if (summary) summaries.push(`${name}: ${summary}`);
    } catch (error) {
      // A file Linkport cannot read stays where it is, for an operator; the others go on.
      ctx.logger.error({ err: error, file: name }, 'could not read a file from the bank');
      continue;
    }
    await transport.move(name, `inbound/processed/${name.slice(INBOUND.length)}`).catch((error: unknown) => {
      ctx.logger.warn({ err: error, file: name }, 'could not archive a file from the bank');
    });
  }
  return summaries;
}
