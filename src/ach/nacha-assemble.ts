import type { AchTotals } from './ach.types.js';
import {
  BLOCKING_FACTOR,
  type FieldValues,
  formatRecord,
  PADDING_RECORD,
  RECORD_LENGTH,
} from './nacha-fields.js';
import {
  BATCH_CONTROL,
  BATCH_HEADER,
  describeTransactionCode,
  ENTRY_DETAIL,
  FILE_CONTROL,
  FILE_HEADER,
  SERVICE_CLASS,
} from './nacha-records.js';

/** Only the last ten digits of an entry hash are kept. */
export const HASH_MODULUS = 10_000_000_000;

export type FileHeaderValues = Omit<
  FieldValues<typeof FILE_HEADER>,
  'recordType' | 'priorityCode' | 'recordSize' | 'blockingFactor' | 'formatCode'
>;
export type BatchHeaderValues = Omit<FieldValues<typeof BATCH_HEADER>, 'recordType' | 'serviceClassCode'>;
export type EntryValues = Omit<FieldValues<typeof ENTRY_DETAIL>, 'recordType' | 'addendaRecordIndicator'>;

export interface BatchRecords {
  readonly header: BatchHeaderValues;
  /** Each entry with its addenda records, already formatted. */
  readonly entries: readonly { readonly detail: EntryValues; readonly addenda: readonly string[] }[];
}

interface BatchSums {
  entryAddendaCount: number;
  entryHash: number;
  debitCents: number;
  creditCents: number;
}

function sumBatch(batch: BatchRecords): BatchSums {
  const sums: BatchSums = { entryAddendaCount: 0, entryHash: 0, debitCents: 0, creditCents: 0 };
  for (const { detail, addenda } of batch.entries) {
    const meaning = describeTransactionCode(Number(detail.transactionCode));
    if (!meaning) throw new Error(`unknown transaction code ${detail.transactionCode}`);
    sums.entryAddendaCount += 1 + addenda.length;
    sums.entryHash = (sums.entryHash + Number(detail.receivingDfiIdentification)) % HASH_MODULUS;
    if (meaning.direction === 'debit') sums.debitCents += Number(detail.amount);
    else sums.creditCents += Number(detail.amount);
  }
  return sums;
}

function serviceClassOf(batch: BatchRecords): number {
  const directions = new Set(
    batch.entries.map(({ detail }) => describeTransactionCode(Number(detail.transactionCode))?.direction),
  );
  if (directions.size !== 1) return SERVICE_CLASS.mixed;
  return directions.has('debit') ? SERVICE_CLASS.debits : SERVICE_CLASS.credits;
}

function batchLines(batch: BatchRecords, sums: BatchSums): string[] {
  const serviceClassCode = serviceClassOf(batch);
  const lines = [formatRecord(BATCH_HEADER, { ...batch.header, recordType: 5, serviceClassCode })];
  for (const { detail, addenda } of batch.entries) {
    const addendaRecordIndicator = addenda.length > 0 ? 1 : 0;
    lines.push(formatRecord(ENTRY_DETAIL, { ...detail, recordType: 6, addendaRecordIndicator }), ...addenda);
  }
  lines.push(
    formatRecord(BATCH_CONTROL, {
      recordType: 8,
      serviceClassCode,
      entryAddendaCount: sums.entryAddendaCount,
      entryHash: sums.entryHash,
      totalDebitAmount: sums.debitCents,
      totalCreditAmount: sums.creditCents,
      companyIdentification: batch.header.companyIdentification,
      messageAuthenticationCode: '',
      reserved: '',
      originatingDfiIdentification: batch.header.originatingDfiIdentification,
      batchNumber: batch.header.batchNumber,
    }),
  );
  return lines;
}

function addSums(a: BatchSums, b: BatchSums): BatchSums {
  return {
    entryAddendaCount: a.entryAddendaCount + b.entryAddendaCount,
    entryHash: (a.entryHash + b.entryHash) % HASH_MODULUS,
    debitCents: a.debitCents + b.debitCents,
    creditCents: a.creditCents + b.creditCents,
  };
}

function fileControlLine(batchCount: number, blockCount: number, sums: BatchSums): string {
  return formatRecord(FILE_CONTROL, {
    recordType: 9,
    batchCount,
    blockCount,
    entryAddendaCount: sums.entryAddendaCount,
    entryHash: sums.entryHash,
    totalDebitAmount: sums.debitCents,
    totalCreditAmount: sums.creditCents,
    reserved: '',
  });
}

/**
 * A whole NACHA file from its header and batches: batch and file controls computed from the
 * entries, then 9-filled records up to a multiple of ten. Records end with a line feed.
 */
export function assembleFile(
  header: FileHeaderValues,
  batches: readonly BatchRecords[],
): { file: string; totals: AchTotals } {
  const summed = batches.map((batch) => ({ batch, sums: sumBatch(batch) }));
  const sums = summed.reduce((total, { sums }) => addSums(total, sums), {
    entryAddendaCount: 0,
    entryHash: 0,
    debitCents: 0,
    creditCents: 0,
  });
  const lines = [
    formatRecord(FILE_HEADER, {
      ...header,
      recordType: 1,
      priorityCode: 1,
      recordSize: RECORD_LENGTH,
      blockingFactor: BLOCKING_FACTOR,
      formatCode: 1,
    }),
    ...summed.flatMap(({ batch, sums }) => batchLines(batch, sums)),
  ];
  const blockCount = Math.ceil((lines.length + 1) / BLOCKING_FACTOR);
  lines.push(fileControlLine(batches.length, blockCount, sums));
  while (lines.length % BLOCKING_FACTOR !== 0) lines.push(PADDING_RECORD);
  const totals: AchTotals = {
    batchCount: batches.length,
    blockCount,
    entryCount: batches.reduce((n, batch) => n + batch.entries.length, 0),
    entryAddendaCount: sums.entryAddendaCount,
    entryHash: sums.entryHash,
    totalDebitCents: sums.debitCents,
    totalCreditCents: sums.creditCents,
  };
  return { file: `${lines.join('\n')}\n`, totals };
}
