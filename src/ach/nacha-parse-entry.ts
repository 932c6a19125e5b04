import { fromYymmdd, type Layout, NachaFieldError, type RawRecord, readRecord } from './nacha-fields.js';
import { NachaParseError, type ParsedAddenda, type ParsedEntry } from './nacha-parsed.types.js';
import {
  ADDENDA_05,
  ADDENDA_98,
  ADDENDA_99,
  describeTransactionCode,
  ENTRY_DETAIL,
} from './nacha-records.js';
import { routingCheckDigit } from './routing.js';

/** The records of a file and the index of the next one to read. */
export interface Cursor {
  readonly lines: readonly string[];
  index: number;
}

export function fail(reason: string, line?: number): never {
  throw new NachaParseError(reason, line);
}

export function peekType(cursor: Cursor): string | undefined {
  return cursor.lines[cursor.index]?.[0];
}

/** Reads the next record with a layout; a field that breaks its format rejects the file. */
export function readNext<L extends Layout>(
  cursor: Cursor,
  layout: L,
): { record: RawRecord<L>; line: number } {
  const line = cursor.index + 1;
  const text = cursor.lines[cursor.index];
  if (text === undefined) fail('the file ends early', line);
  cursor.index++;
  try {
    return { record: readRecord(layout, text), line };
  } catch (err) {
    if (err instanceof NachaFieldError) fail(err.message, line);
    throw err;
  }
}

function parseAddenda(cursor: Cursor, traceNumber: string): ParsedAddenda {
  const text = cursor.lines[cursor.index] ?? '';
  const line = cursor.index + 1;
  switch (text.slice(1, 3)) {
    case '05': {
      const { record } = readNext(cursor, ADDENDA_05);
      if (record.entryDetailSequenceNumber !== traceNumber.slice(8)) {
        fail('addenda entry detail sequence number does not match its entry’s trace number', line);
      }
      return {
        type: '05',
        paymentRelatedInformation: record.paymentRelatedInformation,
        addendaSequenceNumber: Number(record.addendaSequenceNumber),
      };
    }
    case '98': {
      const { record } = readNext(cursor, ADDENDA_98);
      if (record.traceNumber !== traceNumber) fail('addenda trace number differs from its entry’s', line);
      if (!/^C\d\d$/.test(record.changeCode)) fail('a change code is C followed by two digits', line);
      return {
        type: '98',
        changeCode: record.changeCode,
        originalTraceNumber: record.originalEntryTraceNumber,
        originalRdfiId: record.originalReceivingDfiIdentification,
        correctedData: record.correctedData,
      };
    }
    case '99':
      return parseReturnAddenda(cursor, traceNumber);
    default:
      return fail(`addenda type ${text.slice(1, 3)} is not one Linkport reads (05, 98, 99)`, line);
  }
}

function parseReturnAddenda(cursor: Cursor, traceNumber: string): ParsedAddenda {
  const { record, line } = readNext(cursor, ADDENDA_99);
  if (record.traceNumber !== traceNumber) fail('addenda trace number differs from its entry’s', line);
  if (!/^R\d\d$/.test(record.returnReasonCode))
    fail('a return reason code is R followed by two digits', line);
  const dateOfDeath = record.dateOfDeath === '' ? undefined : fromYymmdd(record.dateOfDeath);
  if (record.dateOfDeath !== '' && !dateOfDeath) fail('date of death is not a YYMMDD date', line);
  return {
    type: '99',
    returnReasonCode: record.returnReasonCode,
    originalTraceNumber: record.originalEntryTraceNumber,
    dateOfDeath,
    originalRdfiId: record.originalReceivingDfiIdentification,
    addendaInformation: record.addendaInformation,
  };
}

function checkAddenda(entry: ParsedEntry, secCode: string): void {
  const kinds = new Set(entry.addenda.map((addenda) => addenda.type));
  if (kinds.size > 1) fail('an entry mixes addenda types', entry.line);
  if ((kinds.has('98') || kinds.has('99')) && entry.addenda.length !== 1) {
    fail('a return or notification of change carries exactly one addenda record', entry.line);
  }
  if (kinds.has('05') && entry.addenda.length > 1 && secCode !== 'CTX') {
    fail(`${secCode} allows one payment addenda record`, entry.line);
  }
  entry.addenda.forEach((addenda, i) => {
    if (addenda.type === '05' && addenda.addendaSequenceNumber !== i + 1) {
      fail('addenda sequence numbers must run 1, 2, 3…', entry.line + i + 1);
    }
  });
  if (kinds.has('98') !== (secCode === 'COR')) {
    fail('notifications of change (98 addenda) belong in COR batches, and only there', entry.line);
  }
  if (secCode === 'COR' && entry.amountCents !== 0)
    fail('a notification of change has no amount', entry.line);
}

/** One entry detail record and the addenda that follow it. */
export function parseEntry(cursor: Cursor, secCode: string): ParsedEntry {
  const { record, line } = readNext(cursor, ENTRY_DETAIL);
  const transactionCode = Number(record.transactionCode);
  const meaning = describeTransactionCode(transactionCode);
  if (!meaning) fail(`transaction code ${record.transactionCode} is not a checking or savings code`, line);
  if (routingCheckDigit(record.receivingDfiIdentification) !== Number(record.checkDigit)) {
    fail('the receiving DFI’s routing check digit is wrong', line);
  }
  if (record.dfiAccountNumber.trim() === '') fail('the DFI account number is blank', line);
  if (!/^[01]$/.test(record.addendaRecordIndicator)) fail('the addenda record indicator is 0 or 1', line);
  const addenda: ParsedAddenda[] = [];
  while (peekType(cursor) === '7') addenda.push(parseAddenda(cursor, record.traceNumber));
  if ((record.addendaRecordIndicator === '1') !== addenda.length > 0) {
    fail('the addenda record indicator does not match the addenda that follow', line);
  }
  const entry: ParsedEntry = {
    line,
    transactionCode,
    meaning,
    routingNumber: `${record.receivingDfiIdentification}${record.checkDigit}`,
    accountNumber: record.dfiAccountNumber.trim(),
    amountCents: Number(record.amount),
    individualId: record.individualIdentificationNumber.trim(),
    individualName: record.individualName.trim(),
    discretionaryData: record.discretionaryData,
    traceNumber: record.traceNumber,
    addenda,
  };
  checkAddenda(entry, secCode);
  return entry;
}
