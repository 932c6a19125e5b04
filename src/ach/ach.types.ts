import { z } from 'zod';
import { isNachaText, toNachaText } from './nacha-fields.js';
import { isValidRoutingNumber } from './routing.js';

export const SEC_CODES = ['PPD', 'CCD', 'WEB'] as const;
/** PPD: a consumer's standing authorisation; CCD: a business account; WEB: a consumer debit authorised online. */
export type SecCode = (typeof SEC_CODES)[number];
export type Direction = 'credit' | 'debit';
export type AccountType = 'checking' | 'savings';

/** The largest amount the ten-digit amount field holds: $99,999,999.99. */
export const MAX_ENTRY_CENTS = 99_999_999_99;

/** NACHA text of at most `max` characters: uppercased, accents dropped, printable ASCII only. */
function nachaText(max: number, { truncate = false } = {}) {
  return z
    .string()
    .transform((value) => {
      const text = toNachaText(value).trim();
      return truncate ? text.slice(0, max) : text;
    })
    .refine(isNachaText, 'has a character NACHA does not allow (printable ASCII only)')
    .refine((text) => text.length <= max, `must be at most ${max} characters`);
}

export const routingNumberSchema = z
  .string()
  .refine(isValidRoutingNumber, 'must be a nine-digit ABA routing number with a valid check digit');

const isoDateSchema = z.iso.date();

export const achEntrySchema = z
  .object({
    /** The caller's id for the entry; the writer maps it to the trace number. */
    id: z.string().min(1),
    amountCents: z.number().int().positive().max(MAX_ENTRY_CENTS),
    direction: z.enum(['credit', 'debit']),
    accountType: z.enum(['checking', 'savings']),
    routingNumber: routingNumberSchema,
    /** Already decrypted by the caller; never logged. */
    accountNumber: z.string().regex(/^[0-9A-Za-z-]{1,17}$/, 'must be 1 to 17 letters, digits or hyphens'),
    /** Longer names are cut to the field's 22 characters, as banks do. */
    individualName: nachaText(22, { truncate: true }).refine((name) => name.length > 0, 'must not be empty'),
    individualId: nachaText(15).default(''),
    secCode: z.enum(SEC_CODES),
    companyEntryDescription: nachaText(10).refine((text) => text.length > 0, 'must not be empty'),
    effectiveDate: isoDateSchema,
    /** Payment-related information, sent as one 05 addenda record. */
    addenda: nachaText(80).optional(),
    /** WEB only: single-entry or recurring authorisation (the Payment Type Code). */
    paymentType: z.enum(['single', 'recurring']).optional(),
  })
  .refine((entry) => !(entry.secCode === 'WEB' && entry.direction === 'credit'), {
    message: 'WEB is for consumer debits authorised online; a credit to a consumer goes as PPD',
    path: ['secCode'],
  });

export type AchEntryInput = z.input<typeof achEntrySchema>;
export type AchEntry = z.output<typeof achEntrySchema>;

/** The ODFI's file settings: what the bank assigned to this originator. */
export const achSettingsSchema = z.object({
  immediateDestination: routingNumberSchema,
  immediateDestinationName: nachaText(23),
  /** The bank's routing number, or the ten-character identifier the bank assigned. */
  immediateOrigin: z.union([routingNumberSchema, z.string().regex(/^[0-9A-Z ]{10}$/)]),
  immediateOriginName: nachaText(23),
  companyName: nachaText(16).refine((text) => text.length > 0, 'must not be empty'),
  /** Ten characters, usually '1' followed by the EIN. */
  companyId: z.string().regex(/^[0-9A-Z]{10}$/, 'must be ten uppercase letters or digits'),
  /** The ODFI's routing number without its check digit. */
  odfiId: z.string().regex(/^\d{8}$/, 'must be the eight digits of the ODFI routing number'),
  companyDiscretionaryData: nachaText(20).default(''),
  referenceCode: nachaText(8).default(''),
});

export type AchSettingsInput = z.input<typeof achSettingsSchema>;
export type AchSettings = z.output<typeof achSettingsSchema>;

export interface AchTotals {
  readonly batchCount: number;
  readonly blockCount: number;
  readonly entryCount: number;
  readonly entryAddendaCount: number;
  /** Sum of the RDFI routing numbers' first eight digits, last ten digits kept. */
  readonly entryHash: number;
  readonly totalDebitCents: number;
  readonly totalCreditCents: number;
}
