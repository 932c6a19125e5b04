/**
 * NACHA record fields: fixed positions in a 94-character record. Numeric fields are right-justified
 * and zero-filled; alphanumeric ones left-justified, space-filled and uppercase, in the characters
 * the Operating Rules allow (printable ASCII).
 */

export const RECORD_LENGTH = 94;
export const BLOCKING_FACTOR = 10;
export const PADDING_RECORD = '9'.repeat(RECORD_LENGTH);

export type FieldKind = 'N' | 'A';

export interface Field {
  readonly name: string;
  /** 1-based position, as the Operating Rules number them. */
  readonly start: number;
  readonly length: number;
  readonly kind: FieldKind;
}

export type Layout = readonly Field[];
export type FieldName<L extends Layout> = L[number]['name'];
export type FieldValues<L extends Layout> = { readonly [K in FieldName<L>]: string | number };
export type RawRecord<L extends Layout> = { readonly [K in FieldName<L>]: string };

const ALLOWED = /^[\x20-\x7e]*$/;

export class NachaFieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'NachaFieldError';
  }
}

/**
 * Text as a NACHA field holds it: accents dropped (José → JOSE), typographic quotes and dashes made
 * plain, uppercase. A character still outside printable ASCII is refused by the caller, not guessed at.
 */
export function toNachaText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .toUpperCase();
}

export function isNachaText(value: string): boolean {
  return ALLOWED.test(value);
}

function formatField(field: Field, value: string | number): string {
  if (field.kind === 'N') {
    const digits = typeof value === 'number' ? String(value) : value;
    if (!/^\d*$/.test(digits) || (typeof value === 'number' && !Number.isSafeInteger(value))) {
      throw new NachaFieldError(field.name, 'must be digits');
    }
    if (digits.length > field.length) throw new NachaFieldError(field.name, `over ${field.length} digits`);
    return digits.padStart(field.length, '0');
  }
  const text = toNachaText(String(value));
  if (!isNachaText(text)) throw new NachaFieldError(field.name, 'has a character NACHA does not allow');
  if (text.length > field.length) throw new NachaFieldError(field.name, `over ${field.length} characters`);
  return text.padEnd(field.length, ' ');
}

export function formatRecord<L extends Layout>(layout: L, values: FieldValues<L>): string {
  const record = layout.map((field) => formatField(field, values[field.name as FieldName<L>])).join('');
  if (record.length !== RECORD_LENGTH) throw new Error(`record of ${record.length} characters`);
  return record;
}

/** The fields of a record as written; a numeric field that is not all digits is an error. */
export function readRecord<L extends Layout>(layout: L, line: string): RawRecord<L> {
  const values: Record<string, string> = {};
  for (const field of layout) {
    const raw = line.slice(field.start - 1, field.start - 1 + field.length);
    if (field.kind === 'N' && !/^\d+$/.test(raw)) throw new NachaFieldError(field.name, 'must be digits');
    values[field.name] = field.kind === 'A' ? raw.trimEnd() : raw;
  }
  return values as RawRecord<L>;
}

/** YYMMDD for a YYYY-MM-DD date. */
export function toYymmdd(date: string): string {
  return `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
}

/** YYYY-MM-DD for a YYMMDD field (this century), or undefined when it is no calendar date. */
export function fromYymmdd(value: string): string | undefined {
  if (!/^\d{6}$/.test(value)) return undefined;
  const date = `20${value.slice(0, 2)}-${value.slice(2, 4)}-${value.slice(4, 6)}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : undefined;
}
