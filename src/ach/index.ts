/** The ACH rail: what the transfers module uses. See src/ach/README.md. */

export {
  type AccountType,
  type AchEntry,
  type AchEntryInput,
  achEntrySchema,
  type AchSettings,
  type AchSettingsInput,
  achSettingsSchema,
  type AchTotals,
  type Direction,
  MAX_ENTRY_CENTS,
  SEC_CODES,
  type SecCode,
} from './ach.types.js';
export {
  type AchTiming,
  type AchSpeed,
  type AchWindow,
  FEDACH_SCHEDULE,
  isSameDayEligible,
  nextAchWindow,
  type Schedule,
} from './schedule.js';
export {
  AchInputError,
  MAX_TRACE_SEQUENCE,
  type NachaFileOutput,
  type WriteNachaFileInput,
  writeNachaFile,
} from './nacha-writer.js';
export { NachaParseError, parseNachaFile } from './nacha-parser.js';
export type { ParsedAddenda, ParsedBatch, ParsedEntry, ParsedNachaFile } from './nacha-parsed.types.js';
export {
  type AchNotificationOfChange,
  type AchReturn,
  type BankResponses,
  readBankResponses,
} from './bank-responses.js';
export {
  describeReturnCode,
  RETURN_CODES,
  type ReturnCategory,
  type ReturnCodeInfo,
} from './return-codes.js';
export { CHANGE_CODES, type CorrectedData } from './change-codes.js';
export { isValidRoutingNumber } from './routing.js';
export { type AchTransport, TransportError } from './transport/transport.js';
export { createDirectoryTransport } from './transport/directory-transport.js';
export { createSftpTransport, type SftpTransportOptions } from './transport/sftp-transport.js';
export {
  type AchAcknowledgment,
  achAcknowledgmentSchema,
  acknowledgmentName,
  readAcknowledgment,
} from './bank/acknowledgment.js';
export {
  type BankPollReport,
  createSimulatedBank,
  type SettledEntry,
  type SimulatedBank,
  type SimulatedBankOptions,
  type SimulatedBankSettings,
} from './bank/simulated-bank.js';
export { type BankOutcome, TEST_CASES } from './bank/test-cases.js';
