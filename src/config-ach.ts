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

export interface AchConfig {
  bank: 'simulated' | 'external';
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

export function achConfig(e: AchEnv, dataDir: string): AchConfig {
  return Object.freeze({
    bank: e.LINKPORT_ACH_BANK,
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
