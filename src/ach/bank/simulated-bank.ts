import type { Clock } from '../../lib/clock.js';
import { routingNumberSchema } from '../ach.types.js';
import { NachaParseError, parseNachaFile } from '../nacha-parser.js';
import { createDirectoryTransport } from '../transport/directory-transport.js';
import type { AchTransport } from '../transport/transport.js';
import { type AchAcknowledgment, acknowledgmentName } from './acknowledgment.js';
import { type BankEntryStatus, createBankBook, type SettledEntry } from './bank-book.js';
import { writeResponseFile } from './response-file.js';
import type { BankOutcome } from './test-cases.js';

export type { BankEntryStatus, SettledEntry } from './bank-book.js';

export interface SimulatedBankSettings {
  /** The bank's own routing number: the ODFI id in Linkport's batches must be its first eight digits. */
  readonly routingNumber: string;
  readonly name: string;
  /** Banking days after settlement that unauthorised returns (R07, R10) come back; up to 60 days in life. */
  readonly unauthorizedReturnDays?: number;
  readonly outboundFolder?: string;
  readonly inboundFolder?: string;
}

export interface SimulatedBankOptions {
  /** A folder for the default directory transport, or any transport (SFTP, say). */
  readonly dir?: string;
  readonly transport?: AchTransport;
  readonly clock: Clock;
  readonly settings: SimulatedBankSettings;
}

export interface BankPollReport {
  readonly day: string;
  readonly acknowledgments: AchAcknowledgment[];
  /** Entries that settled in this poll, for the caller to post. */
  readonly settled: SettledEntry[];
  /** Return / NOC files written to the inbound folder. */
  readonly responseFiles: string[];
}

export interface SimulatedBank {
  /** Picks up new files, settles what is due today, and writes the responses due today. */
  poll(): Promise<BankPollReport>;
  /** Moves the bank to its next banking day, then polls. */
  advanceDay(): Promise<BankPollReport>;
  /** Decides one entry's fate by trace number, before or after its file arrives. */
  forceOutcome(traceNumber: string, outcome: BankOutcome): void;
  /** Where the bank is with a trace number (never the account number). */
  entryStatus(
    traceNumber: string,
  ): { status: BankEntryStatus; settlementDate: string; respondOn: string | undefined } | undefined;
  today(): string;
}

const MODIFIERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const NO_TOTALS = { batchCount: 0, entryCount: 0, totalDebitCents: 0, totalCreditCents: 0 };

type BankSettings = Required<SimulatedBankSettings>;

/** The bank's state around its books: where files travel, and how many answers it has written. */
interface Bank {
  readonly settings: BankSettings;
  readonly transport: AchTransport;
  readonly clock: Clock;
  readonly book: ReturnType<typeof createBankBook>;
  /** The next trace sequence of a return or NOC entry. */
  responseTrace: number;
  /** Response files written per banking day, for their names and file ID modifiers. */
  readonly responsesOn: Map<string, number>;
  /** How often each file name arrived: a repeat is rejected and archived under its own name. */
  readonly namesSeen: Map<string, number>;
}

/**
 * The bank, simulated locally, as Linkport's default rail (like the Plaid sandbox): it reads
 * Linkport's files from the outbound folder, acknowledges or rejects each whole, settles entries on
 * their settlement day, and answers the documented test cases (src/ach/README.md) with NACHA
 * return and NOC files in the inbound folder. Its books live in memory.
 */
export function createSimulatedBank(options: SimulatedBankOptions): SimulatedBank {
  const settings: BankSettings = {
    unauthorizedReturnDays: 5,
    outboundFolder: 'outbound',
    inboundFolder: 'inbound',
    ...options.settings,
  };
  routingNumberSchema.parse(settings.routingNumber);
  const { clock } = options;
  const bank: Bank = {
    settings,
    transport: options.transport ?? createDirectoryTransport(options.dir ?? '.linkport/ach'),
    clock,
    book: createBankBook({ clock, ...settings }),
    responseTrace: 1,
    responsesOn: new Map(),
    namesSeen: new Map(),
  };
  const { book } = bank;
  return {
    poll: () => poll(bank),
    async advanceDay() {
      book.advanceDay();
      return poll(bank);
    },
    forceOutcome: book.force,
    entryStatus: book.status,
    today: book.today,
  };
}

/** Acknowledges a file: accepted and booked, or rejected whole with the first problem found. */
function judge(
  bank: Bank,
  name: string,
  text: string,
  receivedAt: string,
  repeat: number,
): AchAcknowledgment {
  try {
    if (repeat > 0) throw new NachaParseError('a file of this name was already received');
    const file = parseNachaFile(text);
    bank.book.accept(name, file);
    const { batchCount, entryCount, totalDebitCents, totalCreditCents } = file.totals;
    return {
      file: name,
      status: 'accepted',
      receivedAt,
      batchCount,
      entryCount,
      totalDebitCents,
      totalCreditCents,
    };
  } catch (err) {
    if (!(err instanceof NachaParseError)) throw err;
    return { file: name, status: 'rejected', reason: err.reason, line: err.line, receivedAt, ...NO_TOTALS };
  }
}

async function receive(bank: Bank, name: string): Promise<AchAcknowledgment> {
  const { transport, settings } = bank;
  // latin1 keeps one character a byte, so a stray non-ASCII byte fails the character check.
  const text = (await transport.get(name)).toString('latin1');
  const base = name.split('/').pop() ?? name;
  const repeat = bank.namesSeen.get(base) ?? 0;
  bank.namesSeen.set(base, repeat + 1);
  const ack = judge(bank, name, text, bank.clock.now().toISOString(), repeat);
  // A repeated name gets its own acknowledgment and archive name rather than overwrite the first's.
  const suffix = repeat > 0 ? `.${repeat + 1}` : '';
  await transport.put(
    acknowledgmentName(settings.inboundFolder, `${base}${suffix}`),
    JSON.stringify(ack, null, 2),
  );
  await transport.move(name, `${settings.outboundFolder}/processed/${base}${suffix}`);
  return ack;
}

async function respond(bank: Bank): Promise<string[]> {
  const { book, settings } = bank;
  const { due, markAnswered } = book.dueResponses();
  const first = due[0];
  if (!first) return [];
  const day = book.today();
  const count = bank.responsesOn.get(day) ?? 0;
  const { file, nextTraceSequence } = writeResponseFile({
    items: due.flatMap(({ batch, entry, outcome }) =>
      outcome.kind === 'settle' ? [] : [{ batch, entry, outcome }],
    ),
    odfiRouting: settings.routingNumber,
    odfiName: settings.name,
    originatorId: first.file.immediateOrigin,
    originatorName: first.file.immediateOriginName,
    day,
    createdAt: bank.clock.now(),
    fileIdModifier: MODIFIERS[count % MODIFIERS.length] ?? 'A',
    firstTraceSequence: bank.responseTrace,
  });
  const name = `${settings.inboundFolder}/RET-${day.replaceAll('-', '')}-${String(count + 1).padStart(2, '0')}.ach`;
  await bank.transport.put(name, file);
  bank.responsesOn.set(day, count + 1);
  bank.responseTrace = nextTraceSequence;
  markAnswered();
  return [name];
}

/** Picks up new files, settles what is due today, and writes the responses due today. */
async function poll(bank: Bank): Promise<BankPollReport> {
  const acknowledgments: AchAcknowledgment[] = [];
  for (const name of await bank.transport.list(`${bank.settings.outboundFolder}/`))
    acknowledgments.push(await receive(bank, name));
  const settled = bank.book.settleDue();
  const responseFiles = await respond(bank);
  return { day: bank.book.today(), acknowledgments, settled, responseFiles };
}
