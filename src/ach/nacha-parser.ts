import type { AchTotals } from './ach.types.js';
import { HASH_MODULUS } from './nacha-assemble.js';
import {
  BLOCKING_FACTOR,
  fromYymmdd,
  isNachaText,
  PADDING_RECORD,
  type RawRecord,
  RECORD_LENGTH,
} from './nacha-fields.js';
import { type Cursor, fail, parseEntry, peekType, readNext } from './nacha-parse-entry.js';
import type { ParsedBatch, ParsedEntry, ParsedNachaFile } from './nacha-parsed.types.js';
import { BATCH_CONTROL, BATCH_HEADER, FILE_CONTROL, FILE_HEADER, SERVICE_CLASS } from './nacha-records.js';

export { NachaParseError } from './nacha-parsed.types.js';

/** Records split on line ends (LF or CRLF), or in 94-character runs when a file has none. */
function splitRecords(text: string): string[] {
  if (text.length === 0) fail('the file is empty');
  const body = text.replace(/\r?\n$/, '');
  const lines = /\r?\n/.test(body) ? body.split(/\r?\n/) : (body.match(/[^]{1,94}/g) ?? []);
  lines.forEach((line, i) => {
    if (line.length !== RECORD_LENGTH)
      fail(`a record is ${line.length} characters, not ${RECORD_LENGTH}`, i + 1);
    if (!isNachaText(line)) fail('a record has a character NACHA does not allow', i + 1);
  });
  if (lines.length % BLOCKING_FACTOR !== 0) {
    fail(`${lines.length} records is not a whole number of blocks of ${BLOCKING_FACTOR}`);
  }
  return lines;
}

function date(value: string, what: string, line: number): string {
  return fromYymmdd(value) ?? fail(`${what} is not a YYMMDD date`, line);
}

interface Sums {
  entryAddendaCount: number;
  entryHash: number;
  totalDebitCents: number;
  totalCreditCents: number;
}

function sumEntries(entries: readonly ParsedEntry[]): Sums {
  const sums: Sums = { entryAddendaCount: 0, entryHash: 0, totalDebitCents: 0, totalCreditCents: 0 };
  for (const entry of entries) {
    sums.entryAddendaCount += 1 + entry.addenda.length;
    sums.entryHash = (sums.entryHash + Number(entry.routingNumber.slice(0, 8))) % HASH_MODULUS;
    if (entry.meaning.direction === 'debit') sums.totalDebitCents += entry.amountCents;
    else sums.totalCreditCents += entry.amountCents;
  }
  return sums;
}

/** A control record's counts and totals against what the entries add up to. */
function checkControl(control: Record<keyof Sums, string>, sums: Sums, what: string, line: number): void {
  if (Number(control.entryAddendaCount) !== sums.entryAddendaCount) fail(`${what} entry/addenda count`, line);
  if (Number(control.entryHash) !== sums.entryHash) fail(`${what} entry hash`, line);
  if (Number(control.totalDebitCents) !== sums.totalDebitCents) fail(`${what} total debits`, line);
  if (Number(control.totalCreditCents) !== sums.totalCreditCents) fail(`${what} total credits`, line);
}

function checkEntryOrder(entries: readonly ParsedEntry[], serviceClassCode: number): void {
  entries.forEach((entry, i) => {
    const previous = entries[i - 1];
    if (previous && entry.traceNumber <= previous.traceNumber) {
      fail('trace numbers must ascend within a batch', entry.line);
    }
    const direction = entry.meaning.direction;
    if (
      (serviceClassCode === SERVICE_CLASS.credits && direction === 'debit') ||
      (serviceClassCode === SERVICE_CLASS.debits && direction === 'credit')
    ) {
      fail(`a ${direction} entry in a batch of service class ${serviceClassCode}`, entry.line);
    }
  });
}

function checkBatchControl(cursor: Cursor, header: RawRecord<typeof BATCH_HEADER>, sums: Sums): void {
  const { record: control, line } = readNext(cursor, BATCH_CONTROL);
  checkControl(
    { ...control, totalDebitCents: control.totalDebitAmount, totalCreditCents: control.totalCreditAmount },
    sums,
    'batch control',
    line,
  );
  if (
    control.serviceClassCode !== header.serviceClassCode ||
    control.companyIdentification !== header.companyIdentification ||
    control.originatingDfiIdentification !== header.originatingDfiIdentification ||
    control.batchNumber !== header.batchNumber
  ) {
    fail('batch control does not match its header', line);
  }
}

function parseBatch(cursor: Cursor): ParsedBatch {
  const { record: header, line } = readNext(cursor, BATCH_HEADER);
  const serviceClassCode = Number(header.serviceClassCode);
  if (!Object.values(SERVICE_CLASS).some((code) => code === serviceClassCode)) {
    fail(`service class code ${header.serviceClassCode} is not 200, 220 or 225`, line);
  }
  if (!/^[A-Z]{3}$/.test(header.standardEntryClassCode)) fail('the SEC code is three letters', line);
  const effectiveEntryDate = date(header.effectiveEntryDate, 'the effective entry date', line);
  const entries: ParsedEntry[] = [];
  while (peekType(cursor) === '6') entries.push(parseEntry(cursor, header.standardEntryClassCode));
  if (entries.length === 0) fail('a batch has no entries', line);
  if (peekType(cursor) !== '8') fail('a batch is not closed by a batch control record', cursor.index + 1);
  checkEntryOrder(entries, serviceClassCode);
  const sums = sumEntries(entries);
  checkBatchControl(cursor, header, sums);
  return {
    line,
    serviceClassCode,
    companyName: header.companyName.trim(),
    companyDiscretionaryData: header.companyDiscretionaryData.trim(),
    companyId: header.companyIdentification.trim(),
    secCode: header.standardEntryClassCode,
    companyEntryDescription: header.companyEntryDescription.trim(),
    companyDescriptiveDate: header.companyDescriptiveDate.trim(),
    effectiveEntryDate,
    settlementDate: header.settlementDate.trim(),
    odfiId: header.originatingDfiIdentification,
    batchNumber: Number(header.batchNumber),
    entries,
    entryHash: sums.entryHash,
    totalDebitCents: sums.totalDebitCents,
    totalCreditCents: sums.totalCreditCents,
  };
}

function parseFileHeader(cursor: Cursor) {
  if (peekType(cursor) !== '1') fail('the first record is not a file header', 1);
  const { record, line } = readNext(cursor, FILE_HEADER);
  if (record.priorityCode !== '01') fail('priority code is not 01', line);
  if (record.recordSize !== '094') fail('record size is not 094', line);
  if (record.blockingFactor !== '10') fail('blocking factor is not 10', line);
  if (record.formatCode !== '1') fail('format code is not 1', line);
  if (!/^[A-Z0-9]$/.test(record.fileIdModifier)) fail('file ID modifier is not A–Z or 0–9', line);
  for (const party of [record.immediateDestination, record.immediateOrigin]) {
    // A blank and a routing number, or a ten-character identifier the bank assigned.
    if (!/^( \d{9}|[0-9A-Z]{10})$/.test(party))
      fail('immediate destination and origin are b + 9 digits or 10 characters', line);
  }
  if (!/^([01]\d|2[0-3])[0-5]\d$/.test(record.fileCreationTime)) fail('file creation time is not HHMM', line);
  return {
    immediateDestination: record.immediateDestination.trim(),
    immediateOrigin: record.immediateOrigin.trim(),
    immediateDestinationName: record.immediateDestinationName.trim(),
    immediateOriginName: record.immediateOriginName.trim(),
    createdDate: date(record.fileCreationDate, 'the file creation date', line),
    createdTime: record.fileCreationTime,
    fileIdModifier: record.fileIdModifier,
    referenceCode: record.referenceCode.trim(),
  };
}

function parseFileControl(cursor: Cursor, batches: readonly ParsedBatch[]): AchTotals {
  if (peekType(cursor) !== '9') fail('expected a batch header or the file control record', cursor.index + 1);
  const { record, line } = readNext(cursor, FILE_CONTROL);
  const entries = batches.flatMap((batch) => batch.entries);
  const sums = sumEntries(entries);
  if (Number(record.batchCount) !== batches.length) fail('file control batch count', line);
  checkControl(
    { ...record, totalDebitCents: record.totalDebitAmount, totalCreditCents: record.totalCreditAmount },
    sums,
    'file control',
    line,
  );
  const blockCount = cursor.lines.length / BLOCKING_FACTOR;
  if (Number(record.blockCount) !== blockCount) fail('file control block count', line);
  for (; cursor.index < cursor.lines.length; cursor.index++) {
    if (cursor.lines[cursor.index] !== PADDING_RECORD)
      fail('only 9-filled records may follow', cursor.index + 1);
  }
  return { batchCount: batches.length, blockCount, entryCount: entries.length, ...sums };
}

/**
 * Reads a NACHA file strictly: record lengths, order, field formats, check digits, every count,
 * hash and total, and blocking. Anything wrong rejects the whole file with a NachaParseError that
 * names the first problem and its line; a file is never half-read.
 */
export function parseNachaFile(text: string): ParsedNachaFile {
  const cursor: Cursor = { lines: splitRecords(text), index: 0 };
  const header = parseFileHeader(cursor);
  const batches: ParsedBatch[] = [];
  while (peekType(cursor) === '5') {
    const batch = parseBatch(cursor);
    const previous = batches[batches.length - 1];
    if (previous && batch.batchNumber <= previous.batchNumber) fail('batch numbers must ascend', batch.line);
    batches.push(batch);
  }
  const totals = parseFileControl(cursor, batches);
  return { ...header, batches, totals };
}
