import type { AccountType, Direction } from './ach.types.js';
import { CHANGE_CODES, type CorrectedData, readCorrectedData } from './change-codes.js';
import type { ParsedBatch, ParsedEntry, ParsedNachaFile } from './nacha-parsed.types.js';
import { describeReturnCode, type ReturnCodeInfo } from './return-codes.js';

/** An entry the RDFI sent back: the money moves back on the return's settlement. */
export interface AchReturn {
  /** The trace number of the entry Linkport sent: the key to find it by. */
  readonly originalTraceNumber: string;
  readonly returnCode: string;
  readonly reason: ReturnCodeInfo;
  readonly amountCents: number;
  /** The direction of the original entry (a returned debit gives the money back to the customer). */
  readonly originalDirection: Direction;
  readonly accountType: AccountType;
  readonly originalRdfiId: string;
  readonly dateOfDeath: string | undefined;
  readonly addendaInformation: string;
  /** The return's own trace number and its batch's effective entry date. */
  readonly traceNumber: string;
  readonly effectiveEntryDate: string;
}

/** A Notification of Change: the entry settled, but future ones must use the corrected data. */
export interface AchNotificationOfChange {
  readonly originalTraceNumber: string;
  readonly changeCode: string;
  readonly description: string;
  readonly corrected: CorrectedData;
  readonly originalDirection: Direction;
  readonly accountType: AccountType;
  readonly originalRdfiId: string;
  readonly traceNumber: string;
}

export interface BankResponses {
  readonly returns: AchReturn[];
  readonly notificationsOfChange: AchNotificationOfChange[];
  /** Entries that are neither: forward entries someone else originated to Linkport's account. */
  readonly otherEntries: ParsedEntry[];
}

const UNKNOWN_RETURN = (code: string): ReturnCodeInfo => ({
  code,
  description: 'Return reason code NACHA does not define',
  category: 'other',
  blocksAccount: false,
  maxRepresentments: 0,
  extendedReturnWindow: false,
});

function toReturn(entry: ParsedEntry, batch: ParsedBatch): AchReturn | undefined {
  const addenda = entry.addenda[0];
  if (addenda?.type !== '99') return undefined;
  return {
    originalTraceNumber: addenda.originalTraceNumber,
    returnCode: addenda.returnReasonCode,
    reason: describeReturnCode(addenda.returnReasonCode) ?? UNKNOWN_RETURN(addenda.returnReasonCode),
    amountCents: entry.amountCents,
    originalDirection: entry.meaning.direction,
    accountType: entry.meaning.accountType,
    originalRdfiId: addenda.originalRdfiId,
    dateOfDeath: addenda.dateOfDeath,
    addendaInformation: addenda.addendaInformation,
    traceNumber: entry.traceNumber,
    effectiveEntryDate: batch.effectiveEntryDate,
  };
}

function toNotification(entry: ParsedEntry): AchNotificationOfChange | undefined {
  const addenda = entry.addenda[0];
  if (addenda?.type !== '98') return undefined;
  return {
    originalTraceNumber: addenda.originalTraceNumber,
    changeCode: addenda.changeCode,
    description: CHANGE_CODES[addenda.changeCode] ?? 'Change code NACHA does not define',
    corrected: readCorrectedData(addenda.changeCode, addenda.correctedData),
    originalDirection: entry.meaning.direction,
    accountType: entry.meaning.accountType,
    originalRdfiId: addenda.originalRdfiId,
    traceNumber: entry.traceNumber,
  };
}

/**
 * The returns and notifications of change in a file from the bank, read with `parseNachaFile`
 * first (which rejects a malformed file whole). Return and NOC entries carry the transaction code
 * of the original's family (21 for a returned 22), so their direction is the original's.
 */
export function readBankResponses(file: ParsedNachaFile): BankResponses {
  const responses: BankResponses = { returns: [], notificationsOfChange: [], otherEntries: [] };
  for (const batch of file.batches) {
    for (const entry of batch.entries) {
      const asReturn = entry.meaning.kind === 'return_or_noc' ? toReturn(entry, batch) : undefined;
      const asNotice = entry.meaning.kind === 'return_or_noc' ? toNotification(entry) : undefined;
      if (asReturn) responses.returns.push(asReturn);
      else if (asNotice) responses.notificationsOfChange.push(asNotice);
      else responses.otherEntries.push(entry);
    }
  }
  return responses;
}
