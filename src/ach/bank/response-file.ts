import { FED_TIME_ZONE, zonedTime } from '../../lib/banking-calendar.js';
import { writeCorrectedData } from '../change-codes.js';
import { assembleFile, type BatchRecords } from '../nacha-assemble.js';
import { formatRecord, toYymmdd } from '../nacha-fields.js';
import type { ParsedBatch, ParsedEntry } from '../nacha-parsed.types.js';
import { ADDENDA_98, ADDENDA_99 } from '../nacha-records.js';
import type { BankOutcome } from './test-cases.js';

/** One entry the RDFI answers, with the batch it came in. */
export interface ResponseItem {
  readonly batch: ParsedBatch;
  readonly entry: ParsedEntry;
  readonly outcome: Exclude<BankOutcome, { kind: 'settle' }>;
}

export interface ResponseFileInput {
  readonly items: readonly ResponseItem[];
  /** The ODFI: its routing number receives the returns. */
  readonly odfiRouting: string;
  readonly odfiName: string;
  /** Whom the file goes to: the originator's identity from its own file header. */
  readonly originatorId: string;
  readonly originatorName: string;
  readonly day: string;
  readonly createdAt: Date;
  readonly fileIdModifier: string;
  readonly firstTraceSequence: number;
}

/** Day of the year, three digits: the Julian settlement date an ACH Operator writes. */
function julian(day: string): string {
  const start = Date.UTC(Number(day.slice(0, 4)), 0, 1);
  return String((Date.parse(`${day}T00:00:00Z`) - start) / 86_400_000 + 1).padStart(3, '0');
}

function addendaFor(item: ResponseItem, traceNumber: string): string {
  const original = {
    recordType: 7,
    originalEntryTraceNumber: item.entry.traceNumber,
    originalReceivingDfiIdentification: item.entry.routingNumber.slice(0, 8),
    traceNumber,
  };
  if (item.outcome.kind === 'return') {
    return formatRecord(ADDENDA_99, {
      ...original,
      addendaTypeCode: 99,
      returnReasonCode: item.outcome.returnCode,
      dateOfDeath: item.outcome.dateOfDeath ? toYymmdd(item.outcome.dateOfDeath) : '',
      addendaInformation: '',
    });
  }
  return formatRecord(ADDENDA_98, {
    ...original,
    addendaTypeCode: 98,
    changeCode: item.outcome.changeCode,
    reserved1: '',
    correctedData: writeCorrectedData(item.outcome.changeCode, item.outcome.corrected),
    reserved2: '',
  });
}

/** Returns and NOCs go in batches by kind, original company batch and the RDFI that answers. */
function groupItems(items: readonly ResponseItem[]): ResponseItem[][] {
  const groups = new Map<string, ResponseItem[]>();
  for (const item of items) {
    const { batch, entry, outcome } = item;
    const key = [
      outcome.kind,
      batch.companyId,
      batch.secCode,
      batch.companyEntryDescription,
      entry.routingNumber,
    ];
    const group = groups.get(key.join('|'));
    if (group) group.push(item);
    else groups.set(key.join('|'), [item]);
  }
  return [...groups.values()];
}

function responseBatch(
  group: readonly ResponseItem[],
  batchNumber: number,
  input: ResponseFileInput,
  nextTrace: (rdfi: string) => string,
): BatchRecords {
  const { batch, entry: first, outcome } = group[0] as ResponseItem;
  const rdfi = first.routingNumber.slice(0, 8);
  return {
    header: {
      companyName: batch.companyName,
      companyDiscretionaryData: batch.companyDiscretionaryData,
      companyIdentification: batch.companyId,
      standardEntryClassCode: outcome.kind === 'change' ? 'COR' : batch.secCode,
      companyEntryDescription: batch.companyEntryDescription,
      companyDescriptiveDate: '',
      effectiveEntryDate: toYymmdd(input.day),
      settlementDate: julian(input.day),
      originatorStatusCode: '1',
      originatingDfiIdentification: rdfi,
      batchNumber,
    },
    entries: group.map((item) => {
      const traceNumber = nextTrace(rdfi);
      return {
        detail: {
          transactionCode: item.entry.transactionCode - 1,
          receivingDfiIdentification: input.odfiRouting.slice(0, 8),
          checkDigit: input.odfiRouting.slice(8),
          dfiAccountNumber: item.entry.accountNumber,
          amount: item.outcome.kind === 'change' ? 0 : item.entry.amountCents,
          individualIdentificationNumber: item.entry.individualId,
          individualName: item.entry.individualName,
          discretionaryData: '',
          traceNumber,
        },
        addenda: [addendaFor(item, traceNumber)],
      };
    }),
  };
}

/**
 * The NACHA file an RDFI's answers reach the originator in: return entries (addenda 99) carry the
 * original amount back, NOCs (COR batches, addenda 98) carry none. Each keeps the original's
 * transaction-code family (22 → 21) and names the original trace number. Trace sequences go on
 * from `firstTraceSequence`, so a return's own trace number is unique across files.
 */
export function writeResponseFile(input: ResponseFileInput): { file: string; nextTraceSequence: number } {
  let sequence = input.firstTraceSequence;
  const nextTrace = (rdfi: string) => `${rdfi}${String(sequence++ % 10_000_000).padStart(7, '0')}`;
  const batches = groupItems(input.items).map((group, i) => responseBatch(group, i + 1, input, nextTrace));
  const header = {
    immediateDestination: input.originatorId.length === 9 ? ` ${input.originatorId}` : input.originatorId,
    immediateOrigin: ` ${input.odfiRouting}`,
    fileCreationDate: toYymmdd(input.day),
    fileCreationTime: zonedTime(input.createdAt, FED_TIME_ZONE).slice(0, 5).replace(':', ''),
    fileIdModifier: input.fileIdModifier,
    immediateDestinationName: input.originatorName,
    immediateOriginName: input.odfiName,
    referenceCode: 'RETURNS',
  };
  return { file: assembleFile(header, batches).file, nextTraceSequence: sequence };
}
