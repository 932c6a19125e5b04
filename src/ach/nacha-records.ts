import type { Field, FieldKind } from './nacha-fields.js';

/** The record layouts of the NACHA Operating Rules (Appendix Three), positions 1-based. */

function field<const N extends string>(name: N, start: number, length: number, kind: FieldKind) {
  return { name, start, length, kind } as const satisfies Field;
}

export const FILE_HEADER = [
  field('recordType', 1, 1, 'N'),
  field('priorityCode', 2, 2, 'N'),
  // A blank then the nine-digit routing number ("b TTTTAAAAC"), or a ten-character identifier.
  field('immediateDestination', 4, 10, 'A'),
  field('immediateOrigin', 14, 10, 'A'),
  field('fileCreationDate', 24, 6, 'N'),
  field('fileCreationTime', 30, 4, 'N'),
  field('fileIdModifier', 34, 1, 'A'),
  field('recordSize', 35, 3, 'N'),
  field('blockingFactor', 38, 2, 'N'),
  field('formatCode', 40, 1, 'N'),
  field('immediateDestinationName', 41, 23, 'A'),
  field('immediateOriginName', 64, 23, 'A'),
  field('referenceCode', 87, 8, 'A'),
] as const;

export const BATCH_HEADER = [
  field('recordType', 1, 1, 'N'),
  field('serviceClassCode', 2, 3, 'N'),
  field('companyName', 5, 16, 'A'),
  field('companyDiscretionaryData', 21, 20, 'A'),
  field('companyIdentification', 41, 10, 'A'),
  field('standardEntryClassCode', 51, 3, 'A'),
  field('companyEntryDescription', 54, 10, 'A'),
  field('companyDescriptiveDate', 64, 6, 'A'),
  field('effectiveEntryDate', 70, 6, 'N'),
  // The ACH Operator fills in the Julian settlement date; an originator leaves it blank.
  field('settlementDate', 76, 3, 'A'),
  field('originatorStatusCode', 79, 1, 'A'),
  field('originatingDfiIdentification', 80, 8, 'N'),
  field('batchNumber', 88, 7, 'N'),
] as const;

export const ENTRY_DETAIL = [
  field('recordType', 1, 1, 'N'),
  field('transactionCode', 2, 2, 'N'),
  field('receivingDfiIdentification', 4, 8, 'N'),
  field('checkDigit', 12, 1, 'N'),
  field('dfiAccountNumber', 13, 17, 'A'),
  field('amount', 30, 10, 'N'),
  // CCD calls these the Identification Number and the Receiving Company Name.
  field('individualIdentificationNumber', 40, 15, 'A'),
  field('individualName', 55, 22, 'A'),
  // WEB puts its Payment Type Code (R recurring, S single) here.
  field('discretionaryData', 77, 2, 'A'),
  field('addendaRecordIndicator', 79, 1, 'N'),
  field('traceNumber', 80, 15, 'N'),
] as const;

/** Payment-related information for PPD, CCD and WEB entries. */
export const ADDENDA_05 = [
  field('recordType', 1, 1, 'N'),
  field('addendaTypeCode', 2, 2, 'N'),
  field('paymentRelatedInformation', 4, 80, 'A'),
  field('addendaSequenceNumber', 84, 4, 'N'),
  field('entryDetailSequenceNumber', 88, 7, 'N'),
] as const;

/** Notification of Change (COR). */
export const ADDENDA_98 = [
  field('recordType', 1, 1, 'N'),
  field('addendaTypeCode', 2, 2, 'N'),
  field('changeCode', 4, 3, 'A'),
  field('originalEntryTraceNumber', 7, 15, 'N'),
  field('reserved1', 22, 6, 'A'),
  field('originalReceivingDfiIdentification', 28, 8, 'N'),
  field('correctedData', 36, 29, 'A'),
  field('reserved2', 65, 15, 'A'),
  field('traceNumber', 80, 15, 'N'),
] as const;

/** Return entry. */
export const ADDENDA_99 = [
  field('recordType', 1, 1, 'N'),
  field('addendaTypeCode', 2, 2, 'N'),
  field('returnReasonCode', 4, 3, 'A'),
  field('originalEntryTraceNumber', 7, 15, 'N'),
  field('dateOfDeath', 22, 6, 'A'),
  field('originalReceivingDfiIdentification', 28, 8, 'N'),
  field('addendaInformation', 36, 44, 'A'),
  field('traceNumber', 80, 15, 'N'),
] as const;

export const BATCH_CONTROL = [
  field('recordType', 1, 1, 'N'),
  field('serviceClassCode', 2, 3, 'N'),
  field('entryAddendaCount', 5, 6, 'N'),
  field('entryHash', 11, 10, 'N'),
  field('totalDebitAmount', 21, 12, 'N'),
  field('totalCreditAmount', 33, 12, 'N'),
  field('companyIdentification', 45, 10, 'A'),
  field('messageAuthenticationCode', 55, 19, 'A'),
  field('reserved', 74, 6, 'A'),
  field('originatingDfiIdentification', 80, 8, 'N'),
  field('batchNumber', 88, 7, 'N'),
] as const;

export const FILE_CONTROL = [
  field('recordType', 1, 1, 'N'),
  field('batchCount', 2, 6, 'N'),
  field('blockCount', 8, 6, 'N'),
  field('entryAddendaCount', 14, 8, 'N'),
  field('entryHash', 22, 10, 'N'),
  field('totalDebitAmount', 32, 12, 'N'),
  field('totalCreditAmount', 44, 12, 'N'),
  field('reserved', 56, 39, 'A'),
] as const;

/** Every layout, for the test that they tile 94 characters without gap or overlap. */
export const LAYOUTS = {
  FILE_HEADER,
  BATCH_HEADER,
  ENTRY_DETAIL,
  ADDENDA_05,
  ADDENDA_98,
  ADDENDA_99,
  BATCH_CONTROL,
  FILE_CONTROL,
} as const;

/** Transaction codes: the second digit says credit (2–4) or debit (7–9), the first the account. */
export const TRANSACTION_CODES = {
  checking: { credit: 22, debit: 27, creditPrenote: 23, debitPrenote: 28 },
  savings: { credit: 32, debit: 37, creditPrenote: 33, debitPrenote: 38 },
} as const;

/** Service class codes of a batch header and control. */
export const SERVICE_CLASS = { mixed: 200, credits: 220, debits: 225 } as const;

export interface TransactionCodeMeaning {
  readonly accountType: 'checking' | 'savings';
  readonly direction: 'credit' | 'debit';
  /** live money, a prenote, a zero-dollar remittance, or an automated return / NOC of the other kind. */
  readonly kind: 'live' | 'prenote' | 'zero_dollar' | 'return_or_noc';
}

const KIND_BY_DIGIT = {
  1: 'return_or_noc',
  2: 'live',
  3: 'prenote',
  4: 'zero_dollar',
  6: 'return_or_noc',
  7: 'live',
  8: 'prenote',
  9: 'zero_dollar',
} as const;

/** What a demand (2x) or savings (3x) transaction code means; undefined for any other code. */
export function describeTransactionCode(code: number): TransactionCodeMeaning | undefined {
  const account = Math.floor(code / 10);
  const digit = code % 10;
  if ((account !== 2 && account !== 3) || !(digit in KIND_BY_DIGIT)) return undefined;
  return {
    accountType: account === 2 ? 'checking' : 'savings',
    direction: digit <= 4 ? 'credit' : 'debit',
    kind: KIND_BY_DIGIT[digit as keyof typeof KIND_BY_DIGIT],
  };
}
