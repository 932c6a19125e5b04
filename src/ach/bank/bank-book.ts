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

/**
 * The simulated bank's books: the entries it accepted, when each settles, and what and when its
 * RDFI answers. No I/O: the bank around it reads and writes the files.
 */
export function createBankBook(options: {
  clock: Clock;
  routingNumber: string;
  unauthorizedReturnDays: number;
}) {
  const { clock } = options;
  const entries = new Map<string, HeldEntry>();
  const forced = new Map<string, BankOutcome>();
  const filesSeen = new Set<string>();
  let ownDay = previousBusinessDay(zonedDate(clock.now()));

  /** The bank's banking day: its own, or the clock's last banking day if the clock is ahead. */
  const today = () => {
    const clockDay = previousBusinessDay(zonedDate(clock.now()));
    return clockDay > ownDay ? clockDay : ownDay;
  };

  function respondOn(held: HeldEntry): string | undefined {
    const { outcome } = held;
    if (outcome.kind === 'settle') return undefined;
    const extended =
      outcome.kind === 'return' && describeReturnCode(outcome.returnCode)?.extendedReturnWindow;
    const fallback = extended ? options.unauthorizedReturnDays : outcome.kind === 'change' ? 2 : 1;
    return addBusinessDays(held.settlementDate, outcome.afterBankingDays ?? fallback);
  }

  /** Not before the effective date, the first window the file made, or the bank's today. */
  function settlementDateFor(batch: ParsedBatch, entry: ParsedEntry): string {
    const speed = isSameDayEligible(entry.amountCents) ? 'same_day' : 'standard';
    const window = nextAchWindow(clock.now(), speed).settlementDate;
    return [nextBusinessDay(batch.effectiveEntryDate), window, today()].sort().at(-1) as string;
  }

  /** What the bank refuses in a well-formed file: other ODFIs' batches, repeated files or traces. */
  function check(file: ParsedNachaFile): void {
    const odfi = options.routingNumber.slice(0, 8);
    const foreign = file.batches.find((batch) => batch.odfiId !== odfi);
    if (foreign) throw new NachaParseError(`batch ${foreign.batchNumber} is for another ODFI`, foreign.line);
    if (filesSeen.has(fileKey(file))) {
      throw new NachaParseError('a file with this date and file ID modifier was already received');
    }
    const repeated = file.batches.flatMap((b) => b.entries).find((e) => entries.has(e.traceNumber));
    if (repeated)
      throw new NachaParseError('an entry repeats a trace number already received', repeated.line);
  }

  function accept(fileName: string, file: ParsedNachaFile): void {
    check(file);
    filesSeen.add(fileKey(file));
    for (const batch of file.batches) {
      for (const entry of batch.entries) {
        const settlementDate = settlementDateFor(batch, entry);
        const { accountNumber, routingNumber } = entry;
        const outcome =
          forced.get(entry.traceNumber) ??
          outcomeFor(
            { accountNumber, routingNumber, direction: entry.meaning.direction },
            { unauthorizedReturnDays: options.unauthorizedReturnDays, settlementDate },
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
        held.respondOn = respondOn(held);
        entries.set(entry.traceNumber, held);
      }
    }
  }

  function settleDue(): SettledEntry[] {
    const day = today();
    const settled: SettledEntry[] = [];
    for (const [traceNumber, held] of entries) {
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
  function dueResponses(): { due: HeldEntry[]; markAnswered: () => void } {
    const day = today();
    const due = [...entries.values()].filter(
      (held) => held.status === 'settled' && held.respondOn !== undefined && held.respondOn <= day,
    );
    return { due, markAnswered: () => due.forEach((held) => (held.status = 'answered')) };
  }

  function force(traceNumber: string, outcome: BankOutcome): void {
    const held = entries.get(traceNumber);
    if (!held) {
      forced.set(traceNumber, outcome);
      return;
    }
    if (held.status === 'answered') throw new Error(`entry ${traceNumber} was already answered`);
    held.outcome = outcome;
    held.respondOn = respondOn(held);
  }

  return {
    today,
    advanceDay: () => {
      ownDay = addBusinessDays(today(), 1);
    },
    accept,
    settleDue,
    dueResponses,
    force,
    status: (traceNumber: string) => {
      const held = entries.get(traceNumber);
      return held && { status: held.status, settlementDate: held.settlementDate, respondOn: held.respondOn };
    },
  };
}

function fileKey(file: ParsedNachaFile): string {
  return `${file.immediateOrigin}|${file.createdDate}|${file.fileIdModifier}`;
}
