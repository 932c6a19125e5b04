import {
  addBusinessDays,
  nextBusinessDay,
  previousBusinessDay,
  zonedDate,
} from '../../lib/banking-calendar.js';
import type { Clock } from '../../lib/clock.js';
import type { AccountType, Direction } from '../ach.types.js';
import type { ParsedBatch, ParsedEntry, ParsedNachaFile } from '../nacha-parsed.types.js';
import { NachaParseError } from '../nacha-parser.js';
import { describeReturnCode } from '../return-codes.js';
import { isSameDayEligible, nextAchWindow } from '../schedule.js';
import { type BankOutcome, outcomeFor } from './test-cases.js';

export interface SettledEntry {
  readonly traceNumber: string;
  readonly fileName: string;
  readonly amountCents: number;
  readonly direction: Direction;
  readonly accountType: AccountType;
  readonly secCode: string;
  readonly settlementDate: string;
}

export type BankEntryStatus = 'pending' | 'settled' | 'answered';

export interface HeldEntry {
  readonly fileName: string;
  readonly file: Pick<ParsedNachaFile, 'immediateOrigin' | 'immediateOriginName'>;
  readonly batch: ParsedBatch;
  readonly entry: ParsedEntry;
  readonly settlementDate: string;
  outcome: BankOutcome;
  status: BankEntryStatus;
  respondOn: string | undefined;
}

interface BookOptions {
  clock: Clock;
  routingNumber: string;
  unauthorizedReturnDays: number;
}

/** The books' state: what the bank holds, and the banking day it has moved itself to. */
interface Book extends BookOptions {
  readonly entries: Map<string, HeldEntry>;
  readonly forced: Map<string, BankOutcome>;
  readonly filesSeen: Set<string>;
  ownDay: string;
}

/**
 * The simulated bank's books: the entries it accepted, when each settles, and what and when its
 * RDFI answers. No I/O: the bank around it reads and writes the files.
 */
export function createBankBook(options: BookOptions) {
  const book: Book = {
    ...options,
    entries: new Map(),
    forced: new Map(),
    filesSeen: new Set(),
    ownDay: previousBusinessDay(zonedDate(options.clock.now())),
  };
  return {
    today: () => today(book),
    advanceDay: () => {
      book.ownDay = addBusinessDays(today(book), 1);
    },
    accept: (fileName: string, file: ParsedNachaFile) => accept(book, fileName, file),
    settleDue: () => settleDue(book),
    dueResponses: () => dueResponses(book),
    force: (traceNumber: string, outcome: BankOutcome) => force(book, traceNumber, outcome),
    status: (traceNumber: string) => {
      const held = book.entries.get(traceNumber);
      return held && { status: held.status, settlementDate: held.settlementDate, respondOn: held.respondOn };
    },
  };
}

/** The bank's banking day: its own, or the clock's last banking day if the clock is ahead. */
function today(book: Book): string {
  const clockDay = previousBusinessDay(zonedDate(book.clock.now()));
  return clockDay > book.ownDay ? clockDay : book.ownDay;
}

function respondOn(book: Book, held: HeldEntry): string | undefined {
  const { outcome } = held;
  if (outcome.kind === 'settle') return undefined;
  const extended = outcome.kind === 'return' && describeReturnCode(outcome.returnCode)?.extendedReturnWindow;
  const fallback = extended ? book.unauthorizedReturnDays : outcome.kind === 'change' ? 2 : 1;
  return addBusinessDays(held.settlementDate, outcome.afterBankingDays ?? fallback);
}

/** Not before the effective date, the first window the file made, or the bank's today. */
function settlementDateFor(book: Book, batch: ParsedBatch, entry: ParsedEntry): string {
  const speed = isSameDayEligible(entry.amountCents) ? 'same_day' : 'standard';
  const window = nextAchWindow(book.clock.now(), speed).settlementDate;
  return [nextBusinessDay(batch.effectiveEntryDate), window, today(book)].sort().at(-1) as string;
}

/** What the bank refuses in a well-formed file: other ODFIs' batches, repeated files or traces. */
function check(book: Book, file: ParsedNachaFile): void {
  const odfi = book.routingNumber.slice(0, 8);
  const foreign = file.batches.find((batch) => batch.odfiId !== odfi);
  if (foreign) throw new NachaParseError(`batch ${foreign.batchNumber} is for another ODFI`, foreign.line);
  if (book.filesSeen.has(fileKey(file))) {
    throw new NachaParseError('a file with this date and file ID modifier was already received');
  }
  const repeated = file.batches.flatMap((b) => b.entries).find((e) => book.entries.has(e.traceNumber));
  if (repeated) throw new NachaParseError('an entry repeats a trace number already received', repeated.line);
}

function accept(book: Book, fileName: string, file: ParsedNachaFile): void {
  check(book, file);
  book.filesSeen.add(fileKey(file));
  for (const batch of file.batches) {
    for (const entry of batch.entries) {
      const settlementDate = settlementDateFor(book, batch, entry);
      const { accountNumber, routingNumber } = entry;
      const outcome =
        book.forced.get(entry.traceNumber) ??
        outcomeFor(
          { accountNumber, routingNumber, direction: entry.meaning.direction },
          { unauthorizedReturnDays: book.unauthorizedReturnDays, settlementDate },
        );
      const held: HeldEntry = {
        fileName,
        file,
        batch,
        entry,
        settlementDate,
        outcome,
        status: 'pending',
        respondOn: undefined,
      };
      held.respondOn = respondOn(book, held);
      book.entries.set(entry.traceNumber, held);
    }
  }
}

function settleDue(book: Book): SettledEntry[] {
  const day = today(book);
  const settled: SettledEntry[] = [];
  for (const [traceNumber, held] of book.entries) {
    if (held.status !== 'pending' || held.settlementDate > day) continue;
    held.status = 'settled';
    const { entry, batch, fileName, settlementDate } = held;
    const { direction, accountType } = entry.meaning;
    settled.push({
      traceNumber,
      fileName,
      amountCents: entry.amountCents,
      direction,
      accountType,
      secCode: batch.secCode,
      settlementDate,
    });
  }
  return settled;
}

/** Settled entries whose answer is due today; marked answered once the caller has sent them. */
function dueResponses(book: Book): { due: HeldEntry[]; markAnswered: () => void } {
  const day = today(book);
  const due = [...book.entries.values()].filter(
    (held) => held.status === 'settled' && held.respondOn !== undefined && held.respondOn <= day,
  );
  return { due, markAnswered: () => due.forEach((held) => (held.status = 'answered')) };
}

function force(book: Book, traceNumber: string, outcome: BankOutcome): void {
  const held = book.entries.get(traceNumber);
  if (!held) {
    book.forced.set(traceNumber, outcome);
    return;
  }
  if (held.status === 'answered') throw new Error(`entry ${traceNumber} was already answered`);
  held.outcome = outcome;
  held.respondOn = respondOn(book, held);
}

function fileKey(file: ParsedNachaFile): string {
  return `${file.immediateOrigin}|${file.createdDate}|${file.fileIdModifier}`;
}
