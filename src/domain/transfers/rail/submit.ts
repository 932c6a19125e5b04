import { achEntrySchema, type AchEntryInput, nextAchWindow, writeNachaFile } from '../../../ach/index.js';
import { zonedDate } from '../../../lib/banking-calendar.js';
import { AppError } from '../../../lib/errors.js';
import { newId } from '../../../lib/ids.js';
import {
  filesInStatus,
  insertAchFile,
  lockRail,
  updateAchFile,
  updateRail,
} from '../../../store/ach-rail.store.js';
import { findOwnerById } from '../../../store/owners.store.js';
import type { AchFilesTable, OwnersTable, TransfersTable } from '../../../store/schema.js';
import { dueForSubmission } from '../../../store/transfers.store.js';
import { transact, type Tx } from '../../../store/tx.js';
import { failBeforeSettlement } from '../postings.js';
import type { TransfersContext } from '../transfers.context.js';
import { transition } from '../transitions.js';

/**
 * Sending: the pending transfers whose window's cut-off has come go into one NACHA file. The file
 * is written and its transfers marked `processing` with their trace numbers in one transaction
 * (under the rail's lock, so no transfer is in two files); the file, sealed, is then put on the
 * transport. A crash in between leaves the file `writing`, and the next turn sends it.
 */

const MODIFIERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MAX_ENTRIES = 5000;

const fileCipher = (ctx: TransfersContext, fileId: string) => ({
  seal: (text: string) => ctx.keyring.encrypt(text, { brandId: '', rowId: fileId, column: 'content' }),
  open: (sealed: string) => ctx.keyring.decrypt(sealed, { brandId: '', rowId: fileId, column: 'content' }),
});

function ownerName(owner: OwnersTable | undefined): string {
  if (!owner) return 'ACCOUNT HOLDER';
  if (owner.kind === 'business') return owner.legal_business_name ?? owner.dba_business_name ?? 'BUSINESS';
  return [owner.first_name, owner.last_name].filter(Boolean).join(' ') || 'ACCOUNT HOLDER';
}

/** The entry of a transfer, numbers opened here and only here; or why it cannot be sent. */
async function entryOf(ctx: TransfersContext, t: TransfersTable, at: Date): Promise<AchEntryInput | string> {
  let linked;
  try {
    linked = await ctx.resolveLinkedAccount({ brandId: t.brand_id }, t.linked_account_id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found')
      return 'The linked account was removed before the transfer was sent.';
    throw error;
  }
  const owner = await findOwnerById(ctx.db, t.brand_id, t.owner_id);
  const entry: AchEntryInput = {
    id: t.id,
    amountCents: t.amount_cents,
    direction: t.direction === 'push' ? 'credit' : 'debit',
    accountType: linked.accountType === 'savings' ? 'savings' : 'checking',
    routingNumber: linked.numbers.routing.open(),
    accountNumber: linked.numbers.account.open(),
    individualName: ownerName(owner),
    individualId: t.id.replaceAll('-', '').slice(-15).toUpperCase(),
    secCode: t.sec_code as AchEntryInput['secCode'],
    // Nacha's Reinitiation rule: a re-presented debit says so in the company entry description.
    companyEntryDescription: t.representment > 0 ? 'RETRY PYMT' : 'TRANSFER',
    effectiveDate: nextAchWindow(at, t.speed).effectiveEntryDate,
    ...(t.sec_code === 'WEB' ? { paymentType: 'single' as const } : {}),
  };
  const checked = achEntrySchema.safeParse(entry);
  if (checked.success) return entry;
  const field = String(checked.error.issues[0]?.path[0] ?? 'entry');
  return `The linked account cannot take an ACH entry (${field}: ${checked.error.issues[0]?.message ?? 'invalid'}).`;
}

function settings(ctx: TransfersContext) {
  const { ach } = ctx;
  return {
    immediateDestination: ach.odfiRouting,
    immediateDestinationName: ach.odfiName,
    immediateOrigin: ach.odfiRouting,
    immediateOriginName: ach.companyName,
    companyName: ach.companyName,
    companyId: ach.companyId,
    odfiId: ach.odfiRouting.slice(0, 8),
  };
}

/**
 * The entries of the transfers due, prepared before the transaction (opening numbers and reading
 * owners are reads of their own); the transaction then takes those still pending under the lock.
 */
async function prepare(ctx: TransfersContext, at: Date) {
  const entries = new Map<string, AchEntryInput | string>();
  for (const t of await dueForSubmission(ctx.db, at.toISOString(), MAX_ENTRIES))
    entries.set(t.id, await entryOf(ctx, t, at));
  return entries;
}

/** The due transfers still pending with a prepared entry; those that cannot be sent fail here. */
async function pick(
  tx: Tx,
  due: TransfersTable[],
  prepared: Map<string, AchEntryInput | string>,
  now: string,
) {
  const entries: AchEntryInput[] = [];
  const sendable: TransfersTable[] = [];
  for (const t of due) {
    const entry = prepared.get(t.id);
    if (entry === undefined) continue;
    if (typeof entry === 'string') {
      await failBeforeSettlement(tx, t.id, 'pending', entry, now);
    } else {
      entries.push(entry);
      sendable.push(t);
    }
  }
  return { entries, sendable };
}

function markSent(
  tx: Tx,
  t: TransfersTable,
  sent: { fileId: string; trace: string | undefined; at: Date },
  now: string,
) {
  const timing = nextAchWindow(sent.at, t.speed);
  return transition(
    tx,
    t.id,
    {
      from: ['pending'],
      to: 'processing',
      event: 'transfer.processing',
      changes: {
        trace_number: sent.trace ?? null,
        ach_file_id: sent.fileId,
        effective_date: timing.effectiveEntryDate,
        settle_at: timing.settlementAt.toISOString(),
      },
    },
    now,
  );
}

/** Writes the due transfers' file and marks them; null when nothing is due. */
async function writeDue(ctx: TransfersContext, at: Date): Promise<AchFilesTable | null> {
  const prepared = await prepare(ctx, at);
  if (prepared.size === 0) return null;
  const now = ctx.clock.now().toISOString();
  return transact(ctx.db, async (tx) => {
    const day = zonedDate(at);
    const rail = await lockRail(tx, now, day);
    const due = await dueForSubmission(tx, at.toISOString(), MAX_ENTRIES);
    const { entries, sendable } = await pick(tx, due, prepared, now);
    if (sendable.length === 0) return null;
    const onDay = rail.files_day === day ? rail.files_on_day : 0;
    const modifier = MODIFIERS[onDay % MODIFIERS.length] ?? 'A';
    const output = writeNachaFile({
      entries,
      settings: settings(ctx),
      createdAt: at,
      fileIdModifier: modifier,
      firstTraceSequence: rail.next_trace_sequence,
    });
    const id = newId();
    const file: AchFilesTable = {
      id,
      name: `outbound/LP-${day.replaceAll('-', '')}-${modifier}-${id.slice(-8)}.ach`,
      status: 'writing',
      reason: null,
      file_id_modifier: modifier,
      first_trace_sequence: rail.next_trace_sequence,
      entry_count: sendable.length,
      total_debit_cents: output.totals.totalDebitCents,
      total_credit_cents: output.totals.totalCreditCents,
      content_enc: fileCipher(ctx, id).seal(output.file),
      created_at: now,
      updated_at: now,
    };
    await insertAchFile(tx, file);
    for (const t of sendable) await markSent(tx, t, { fileId: id, trace: output.traces.get(t.id), at }, now);
    await updateRail(tx, {
      next_trace_sequence: output.nextTraceSequence,
      files_day: day,
      files_on_day: onDay + 1,
      updated_at: now,
    });
    return file;
  });
}

/**
 * Puts a written file on the transport; after a crash, again, unless it is already there or in
 * the simulated bank's archive. (A real bank that took and removed it refuses the repeat: same
 * file header, date and file ID modifier.)
 */
async function send(ctx: TransfersContext, file: AchFilesTable): Promise<void> {
  const transport = ctx.transport();
  const archived = `outbound/processed/${file.name.split('/').pop() ?? file.name}`;
  const seen = async (name: string) => (await transport.list(name).catch((): string[] => [])).includes(name);
  if (!(await seen(file.name)) && !(await seen(archived)))
    await transport.put(file.name, fileCipher(ctx, file.id).open(file.content_enc));
  await updateAchFile(ctx.db, file.id, ['writing'], {
    status: 'sent',
    updated_at: ctx.clock.now().toISOString(),
  });
}

/** Sends what is due at rail time `at`: files left `writing` by a crash, then a new file. */
export async function submitDue(ctx: TransfersContext, at: Date): Promise<string[]> {
  const sent: string[] = [];
  for (const file of await filesInStatus(ctx.db, 'writing')) {
    await send(ctx, file);
    sent.push(file.name);
  }
  const file = await writeDue(ctx, at);
  if (file) {
    await send(ctx, file);
    sent.push(file.name);
  }
  return sent;
}
