import { FED_TIME_ZONE, zonedDate, zonedTime } from '../lib/banking-calendar.js';
import {
  type AchEntry,
  type AchEntryInput,
  achEntrySchema,
  type AchSettingsInput,
  achSettingsSchema,
  type AchSettings,
  type AchTotals,
} from './ach.types.js';
import { assembleFile, type BatchRecords } from './nacha-assemble.js';
import { formatRecord, toYymmdd } from './nacha-fields.js';
import { ADDENDA_05, TRANSACTION_CODES } from './nacha-records.js';

/** Trace sequences run 1 to 9,999,999 and then start again at 1 (never inside a file). */
export const MAX_TRACE_SEQUENCE = 9_999_999;

export interface WriteNachaFileInput {
  readonly entries: readonly AchEntryInput[];
  readonly settings: AchSettingsInput;
  /** When the file is made; its creation date and time are written in Eastern Time. */
  readonly createdAt: Date;
  /** A–Z or 0–9: tells apart files sent the same day to the same destination. */
  readonly fileIdModifier: string;
  /**
   * The first entry's 7-digit trace sequence. Keep the returned `nextTraceSequence` and pass it to
   * the next file, so that a trace number names one entry across files, not just within one.
   */
  readonly firstTraceSequence?: number;
}

export interface NachaFileOutput {
  readonly file: string;
  /** Entry id → its 15-digit trace number (ODFI routing's 8 digits + 7-digit sequence). */
  readonly traces: Map<string, string>;
  readonly totals: AchTotals;
  readonly nextTraceSequence: number;
}

export class AchInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AchInputError';
  }
}

function parseInput(input: WriteNachaFileInput): { entries: AchEntry[]; settings: AchSettings } {
  const settings = achSettingsSchema.safeParse(input.settings);
  if (!settings.success) throw new AchInputError(`settings: ${describeIssue(settings.error.issues)}`);
  if (!/^[A-Z0-9]$/.test(input.fileIdModifier)) throw new AchInputError('fileIdModifier: must be A–Z or 0–9');
  if (input.entries.length === 0) throw new AchInputError('entries: a file needs at least one entry');
  const entries = input.entries.map((raw, i) => {
    const parsed = achEntrySchema.safeParse(raw);
    if (!parsed.success) throw new AchInputError(`entries[${i}]: ${describeIssue(parsed.error.issues)}`);
    return parsed.data;
  });
  const ids = new Set(entries.map((entry) => entry.id));
  if (ids.size !== entries.length) throw new AchInputError('entries: ids must be unique');
  return { entries, settings: settings.data };
}

/** Names the field, never echoes the value (an account number must not reach a log). */
function describeIssue(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  return issue ? `${issue.path.map(String).join('.') || 'value'} ${issue.message}` : 'invalid';
}

/** One batch per SEC code, entry description and effective date, in the order they first appear. */
function groupIntoBatches(entries: readonly AchEntry[]): AchEntry[][] {
  const groups = new Map<string, AchEntry[]>();
  for (const entry of entries) {
    const key = `${entry.secCode}|${entry.companyEntryDescription}|${entry.effectiveDate}`;
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return [...groups.values()];
}

function discretionaryData(entry: AchEntry): string {
  if (entry.secCode !== 'WEB') return '';
  return entry.paymentType === 'recurring' ? 'R' : 'S';
}

function entryRecords(entry: AchEntry, traceNumber: string) {
  const detail = {
    transactionCode: TRANSACTION_CODES[entry.accountType][entry.direction],
    receivingDfiIdentification: entry.routingNumber.slice(0, 8),
    checkDigit: entry.routingNumber.slice(8),
    dfiAccountNumber: entry.accountNumber,
    amount: entry.amountCents,
    individualIdentificationNumber: entry.individualId,
    individualName: entry.individualName,
    discretionaryData: discretionaryData(entry),
    traceNumber,
  };
  const addenda =
    entry.addenda === undefined
      ? []
      : [
          formatRecord(ADDENDA_05, {
            recordType: 7,
            addendaTypeCode: 5,
            paymentRelatedInformation: entry.addenda,
            addendaSequenceNumber: 1,
            entryDetailSequenceNumber: traceNumber.slice(8),
          }),
        ];
  return { detail, addenda };
}

/**
 * Linkport's outbound NACHA file. Entries are validated (the message names the field, never the
 * value), batched, given trace numbers in ascending order within each batch, and totalled.
 */
export function writeNachaFile(input: WriteNachaFileInput): NachaFileOutput {
  const { entries, settings } = parseInput(input);
  let sequence = input.firstTraceSequence ?? 1;
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_TRACE_SEQUENCE) {
    throw new AchInputError('firstTraceSequence: must be 1 to 9999999');
  }
  // Trace numbers ascend within a batch, so a file that would run past the last sequence starts over.
  if (sequence + entries.length - 1 > MAX_TRACE_SEQUENCE) sequence = 1;
  const traces = new Map<string, string>();
  const batches: BatchRecords[] = groupIntoBatches(entries).map((group, i) => {
    const first = group[0] as AchEntry;
    return {
      header: {
        companyName: settings.companyName,
        companyDiscretionaryData: settings.companyDiscretionaryData,
        companyIdentification: settings.companyId,
        standardEntryClassCode: first.secCode,
        companyEntryDescription: first.companyEntryDescription,
        companyDescriptiveDate: '',
        effectiveEntryDate: toYymmdd(first.effectiveDate),
        settlementDate: '',
        originatorStatusCode: '1',
        originatingDfiIdentification: settings.odfiId,
        batchNumber: i + 1,
      },
      entries: group.map((entry) => {
        const traceNumber = `${settings.odfiId}${String(sequence).padStart(7, '0')}`;
        sequence++;
        traces.set(entry.id, traceNumber);
        return entryRecords(entry, traceNumber);
      }),
    };
  });
  const { file, totals } = assembleFile(fileHeader(settings, input), batches);
  return { file, traces, totals, nextTraceSequence: sequence > MAX_TRACE_SEQUENCE ? 1 : sequence };
}

function fileHeader(settings: AchSettings, input: WriteNachaFileInput) {
  const origin = settings.immediateOrigin;
  return {
    immediateDestination: ` ${settings.immediateDestination}`,
    immediateOrigin: origin.length === 9 ? ` ${origin}` : origin,
    fileCreationDate: toYymmdd(zonedDate(input.createdAt, FED_TIME_ZONE)),
    fileCreationTime: zonedTime(input.createdAt, FED_TIME_ZONE).slice(0, 5).replace(':', ''),
    fileIdModifier: input.fileIdModifier,
    immediateDestinationName: settings.immediateDestinationName,
    immediateOriginName: settings.immediateOriginName,
    referenceCode: settings.referenceCode,
  };
}
