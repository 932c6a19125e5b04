import { type Logger, type LoggerOptions, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** What LOG_FORMAT may say; `auto` is resolved once, at start, to one of the other two. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * JSON lines for machines (collectors, `jq`), unless a person watches: `auto` is readable lines when
 * stdout is a terminal, JSON otherwise (a pipe, a file, a container runtime, systemd's journal).
 */
export function resolveLogFormat(format: LogFormat, stdoutIsTty: boolean): 'json' | 'pretty' {
  if (format === 'auto') return stdoutIsTty ? 'pretty' : 'json';
  return format;
}

/**
 * Where a command's start banner goes: beside readable logs on a terminal, but never into a JSON
 * log stream, where it would be a line no collector can parse (stderr then).
 */
export function bannerStream(format: 'json' | 'pretty'): 'stdout' | 'stderr' {
  return format === 'pretty' ? 'stdout' : 'stderr';
}

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

/** Readable lines (pino-pretty), redacted as the JSON is: the redaction runs before the formatting. */
function prettyStream(destination?: NodeJS.WritableStream): pino.DestinationStream {
  return pretty({
    colorize: destination === undefined && process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
    ...(destination ? { destination } : {}),
  });
}

export function createLogger(
  level: string,
  destination?: pino.DestinationStream,
  format: 'json' | 'pretty' = 'json',
): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'linkport' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  if (format === 'pretty')
    return pino(options, prettyStream(destination as NodeJS.WritableStream | undefined));
  return destination ? pino(options, destination) : pino(options);
}

/** For one-off commands whose stdout is their output (e.g. `brands create --json`): logs go to stderr. */
export function createStderrLogger(level: string): Logger {
  return createLogger(level, pino.destination(2));
}
