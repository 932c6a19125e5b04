import { type Logger, type LoggerOptions, pino } from 'pino';

export type { Logger };

/** Every field that can carry a secret, wherever it sits in a log object. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["plaid-secret"]',
  'headers.authorization',
  '*.authorization',
  '*.secret',
  '*.password',
  '*.access_token',
  '*.processor_token',
  '*.public_token',
  '*.account_number',
  '*.master_key',
  '*.admin_token',
  'secret',
  'access_token',
  'processor_token',
  'account_number',
  'public_token',
  'plaid_public_token',
  '*.plaid_public_token',
  'accessToken',
  '*.accessToken',
  'processorToken',
  '*.processorToken',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'linkport' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** For one-off commands whose stdout is their output (e.g. `brands create --json`): logs go to stderr. */
export function createStderrLogger(level: string): Logger {
  return createLogger(level, pino.destination(2));
}
