import path from 'node:path';
import { z } from 'zod';

/**
 * The money-movement settings: the bank (ODFI) Linkport sends ACH files to, where the files travel,
 * and the transfer rules. Part of config.ts's one environment schema. The defaults are the
 * simulated bank's (a directory in the data directory, test routing numbers).
 */

const routing = (name: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{9}$/, `${name} must be a nine-digit routing number`);

const wholeNumber = (name: string, min: number, what: string) =>
  z.coerce
    .number({ error: `${name} must be ${what}` })
    .int(`${name} must be ${what}`)
    .min(min, `${name} must be ${what}`);

export const achEnvShape = {
  /** `simulated` runs the bank in the worker; `external` only exchanges files with a real one. */
  LINKPORT_ACH_BANK: z
    .enum(['simulated', 'external'], { error: 'LINKPORT_ACH_BANK must be simulated or external' })
    .default('simulated'),
  LINKPORT_ACH_DIR: z.string().trim().min(1, 'LINKPORT_ACH_DIR must be a directory path').optional(),
  /** `directory` (LINKPORT_ACH_DIR) or `sftp` (the bank's SFTP server, below). */
  LINKPORT_ACH_TRANSPORT: z
    .enum(['directory', 'sftp'], { error: 'LINKPORT_ACH_TRANSPORT must be directory or sftp' })
    .default('directory'),
  LINKPORT_ACH_SFTP_HOST: z.string().trim().min(1).optional(),
  LINKPORT_ACH_SFTP_PORT: wholeNumber('LINKPORT_ACH_SFTP_PORT', 1, 'a port number').max(65535).default(22),
  LINKPORT_ACH_SFTP_USER: z.string().trim().min(1).optional(),
  /** A private key file (OpenSSH format); its contents never appear in a message. */
  LINKPORT_ACH_SFTP_KEY_FILE: z.string().trim().min(1).optional(),
  /** The server's host key as OpenSSH prints it: connections to any other key are refused. */
  LINKPORT_ACH_SFTP_HOST_KEY: z
    .string()
    .trim()
    .regex(
      /^SHA256:[A-Za-z0-9+/]{43}$/,
      'LINKPORT_ACH_SFTP_HOST_KEY must be the host key fingerprint, SHA256:…',
    )
    .optional(),
  LINKPORT_ACH_SFTP_ROOT: z.string().trim().min(1).default('.'),
  LINKPORT_ACH_ODFI_ROUTING: routing('LINKPORT_ACH_ODFI_ROUTING').default('091000019'),
  LINKPORT_ACH_ODFI_NAME: z.string().trim().min(1).max(23).default('LINKPORT SIMULATED BANK'),
  LINKPORT_ACH_COMPANY_NAME: z.string().trim().min(1).max(16).default('LINKPORT'),
  LINKPORT_ACH_COMPANY_ID: z
    .string()
    .trim()
    .regex(/^[0-9A-Z]{10}$/, 'LINKPORT_ACH_COMPANY_ID must be ten uppercase letters or digits (1 + EIN)')
    .default('1000000001'),
  /** Seconds before a window's cut-off that its file is sent. */
  LINKPORT_ACH_SUBMIT_LEAD_SECONDS: wholeNumber(
    'LINKPORT_ACH_SUBMIT_LEAD_SECONDS',
    0,
    'whole seconds',
  ).default(60),
  LINKPORT_ACH_POLL_MS: wholeNumber('LINKPORT_ACH_POLL_MS', 50, 'milliseconds, 50 or more').default(1000),
  /** Banking days a pull's funds are held after settlement (return risk). */
  LINKPORT_TRANSFER_HOLD_DAYS: wholeNumber(
    'LINKPORT_TRANSFER_HOLD_DAYS',
    0,
    'a whole number of banking days',
  ).default(2),
  /** The largest transfer, in cents, for brands without their own limit. */
  LINKPORT_TRANSFER_LIMIT_CENTS: wholeNumber(
    'LINKPORT_TRANSFER_LIMIT_CENTS',
    1,
    'whole cents, 1 or more',
  ).default(2_500_000),
};

type AchEnv = z.output<z.ZodObject<typeof achEnvShape>>;

export interface SftpConfig {
  host: string;
  port: number;
  username: string;
  keyFile: string;
  hostKeySha256: string;
  root: string;
}

export interface AchConfig {
  bank: 'simulated' | 'external';
  /** Set when files travel over SFTP; else they go to `dir`. */
  sftp: SftpConfig | undefined;
  /** The directory transport's root: outbound/ and inbound/ below it. */
  dir: string;
  odfiRouting: string;
  odfiName: string;
  companyName: string;
  companyId: string;
  submitLeadMs: number;
  pollMs: number;
  holdDays: number;
  transferLimitCents: number;
}

/** The SFTP settings, all of them, when LINKPORT_ACH_TRANSPORT=sftp; the message names the first missing. */
export function sftpIssue(e: AchEnv): string | undefined {
  if (e.LINKPORT_ACH_TRANSPORT !== 'sftp') return undefined;
  const missing = (
    [
      'LINKPORT_ACH_SFTP_HOST',
      'LINKPORT_ACH_SFTP_USER',
      'LINKPORT_ACH_SFTP_KEY_FILE',
      'LINKPORT_ACH_SFTP_HOST_KEY',
    ] as const
  ).find((key) => e[key] === undefined);
  return missing && `${missing} must be set when LINKPORT_ACH_TRANSPORT=sftp`;
}

function sftpConfig(e: AchEnv): SftpConfig | undefined {
  if (e.LINKPORT_ACH_TRANSPORT !== 'sftp') return undefined;
  return Object.freeze({
    host: e.LINKPORT_ACH_SFTP_HOST ?? '',
    port: e.LINKPORT_ACH_SFTP_PORT,
    username: e.LINKPORT_ACH_SFTP_USER ?? '',
    keyFile: e.LINKPORT_ACH_SFTP_KEY_FILE ?? '',
    hostKeySha256: e.LINKPORT_ACH_SFTP_HOST_KEY ?? '',
    root: e.LINKPORT_ACH_SFTP_ROOT,
  });
}

export function achConfig(e: AchEnv, dataDir: string): AchConfig {
  return Object.freeze({
    bank: e.LINKPORT_ACH_BANK,
    sftp: sftpConfig(e),
    dir: e.LINKPORT_ACH_DIR ?? path.join(dataDir, 'ach'),
    odfiRouting: e.LINKPORT_ACH_ODFI_ROUTING,
    odfiName: e.LINKPORT_ACH_ODFI_NAME.toUpperCase(),
    companyName: e.LINKPORT_ACH_COMPANY_NAME.toUpperCase(),
    companyId: e.LINKPORT_ACH_COMPANY_ID,
    submitLeadMs: e.LINKPORT_ACH_SUBMIT_LEAD_SECONDS * 1000,
    pollMs: e.LINKPORT_ACH_POLL_MS,
    holdDays: e.LINKPORT_TRANSFER_HOLD_DAYS,
    transferLimitCents: e.LINKPORT_TRANSFER_LIMIT_CENTS,
  });
}
