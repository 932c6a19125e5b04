import type { AchTotals } from './ach.types.js';
import type { TransactionCodeMeaning } from './nacha-records.js';

/** What the parser reads out of a NACHA file; every number already checked, dates as YYYY-MM-DD. */

export interface PaymentAddenda {
  readonly type: '05';
  readonly paymentRelatedInformation: string;
  readonly addendaSequenceNumber: number;
}

export interface ChangeAddenda {
  readonly type: '98';
  readonly changeCode: string;
  readonly originalTraceNumber: string;
  readonly originalRdfiId: string;
  readonly correctedData: string;
}

export interface ReturnAddenda {
  readonly type: '99';
  readonly returnReasonCode: string;
  readonly originalTraceNumber: string;
  readonly dateOfDeath: string | undefined;
  readonly originalRdfiId: string;
  readonly addendaInformation: string;
}

export type ParsedAddenda = PaymentAddenda | ChangeAddenda | ReturnAddenda;

export interface ParsedEntry {
  /** 1-based line of the entry detail record. */
  readonly line: number;
  readonly transactionCode: number;
  readonly meaning: TransactionCodeMeaning;
  /** Nine digits, check digit included. */
  readonly routingNumber: string;
  readonly accountNumber: string;
  readonly amountCents: number;
  readonly individualId: string;
  readonly individualName: string;
  readonly discretionaryData: string;
  readonly traceNumber: string;
  readonly addenda: readonly ParsedAddenda[];
}

export interface ParsedBatch {
  readonly line: number;
  readonly serviceClassCode: number;
  readonly companyName: string;
  readonly companyDiscretionaryData: string;
  readonly companyId: string;
  readonly secCode: string;
  readonly companyEntryDescription: string;
  readonly companyDescriptiveDate: string;
  readonly effectiveEntryDate: string;
  /** Julian day the ACH Operator settled the batch, blank in an originator's file. */
  readonly settlementDate: string;
  readonly odfiId: string;
  readonly batchNumber: number;
  readonly entries: readonly ParsedEntry[];
  readonly entryHash: number;
  readonly totalDebitCents: number;
  readonly totalCreditCents: number;
}

export interface ParsedNachaFile {
  readonly immediateDestination: string;
  readonly immediateOrigin: string;
  readonly immediateDestinationName: string;
  readonly immediateOriginName: string;
  readonly createdDate: string;
  /** HHMM as written. */
  readonly createdTime: string;
  readonly fileIdModifier: string;
  readonly referenceCode: string;
  readonly batches: readonly ParsedBatch[];
  readonly totals: AchTotals;
}

/** A file refused whole: the first thing wrong and the line it is on. */
export class NachaParseError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
  ) {
    super(line === undefined ? reason : `line ${line}: ${reason}`);
    this.name = 'NachaParseError';
  }
}
