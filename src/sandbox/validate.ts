import { z } from 'zod';
import { invalidField, PlaidApiError } from './errors.js';

/** Every Plaid request may carry the credentials in its body. */
export function plaidRequest<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject({ client_id: z.string().optional(), secret: z.string().optional(), ...shape });
}

function joinPath(path: readonly PropertyKey[], key?: string): string {
  return [...path.map(String), ...(key === undefined ? [] : [key])].join('.');
}

/**
 * Parses a request body the way Plaid judges it: absent (or null) required fields are MISSING_FIELDS,
 * fields the endpoint does not know are UNKNOWN_FIELDS, anything else wrong is INVALID_FIELD.
 */
export function parsePlaidRequest<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const missing = issues
    .filter((i) => i.code === 'invalid_type' && (i.input === undefined || i.input === null))
    .map((i) => joinPath(i.path));
  if (missing.length > 0) return fail(new PlaidApiError('MISSING_FIELDS', { fields: missing.join(', ') }));
  const unknown = issues.flatMap((i) =>
    i.code === 'unrecognized_keys' ? i.keys.map((k) => joinPath(i.path, k)) : [],
  );
  if (unknown.length > 0) return fail(new PlaidApiError('UNKNOWN_FIELDS', { fields: unknown.join(', ') }));
  const first = issues[0];
  return fail(
    invalidField(first ? `${joinPath(first.path) || 'body'}: ${first.message}` : 'invalid request'),
  );
}

function fail(error: PlaidApiError): never {
  throw error;
}

export const PRODUCTS = [
  'assets',
  'auth',
  'balance',
  'balance_plus',
  'beacon',
  'identity',
  'identity_match',
  'investments',
  'investments_auth',
  'liabilities',
  'payment_initiation',
  'identity_verification',
  'transactions',
  'credit_details',
  'income',
  'income_verification',
  'standing_orders',
  'transfer',
  'employment',
  'recurring_transactions',
  'transactions_refresh',
  'signal',
  'statements',
  'processor_payments',
  'processor_identity',
  'profile',
  'cra_base_report',
  'cra_income_insights',
  'cra_partner_insights',
  'cra_network_insights',
  'cra_cashflow_insights',
  'cra_monitoring',
  'cra_lend_score',
  'cra_plaid_credit_score',
  'layer',
  'pay_by_bank',
  'protect_linked_bank',
  'protect_transactions',
] as const;

export const COUNTRY_CODES = [
  'US',
  'GB',
  'ES',
  'NL',
  'FR',
  'IE',
  'CA',
  'DE',
  'IT',
  'PL',
  'DK',
  'NO',
  'SE',
  'EE',
  'LT',
  'LV',
  'PT',
  'BE',
  'AT',
  'FI',
] as const;

export const product = z.enum(PRODUCTS);
export const countryCodes = z.array(z.enum(COUNTRY_CODES)).min(1, 'must list at least one country code');
export const webhookUrl = z.url({ protocol: /^https?$/, error: 'must be an http or https URL' });
export const accountIdsOption = z.strictObject({ account_ids: z.array(z.string()).optional() }).optional();
