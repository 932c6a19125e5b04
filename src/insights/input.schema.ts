import { z } from 'zod';
import { parseDay } from './day.js';

/**
 * The input the insight detectors take from outside (a file for the CLI, later a request body):
 * `{as_of?, accounts?, transactions}` where each transaction is a Plaid Transaction object. Fields
 * the detectors do not read are allowed and ignored, so a /transactions/get response also parses.
 */

const isoDate = z
  .string()
  .refine(
    (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(parseDay(text)),
    'expected a YYYY-MM-DD date',
  );

const category = z.looseObject({
  primary: z.string(),
  detailed: z.string().default(''),
  confidence_level: z.string().nullish(),
});

export const insightTransactionSchema = z
  .looseObject({
    transaction_id: z.string().min(1),
    account_id: z.string().min(1),
    amount: z.number().refine(Number.isFinite, 'expected a finite number'),
    date: isoDate,
    name: z.string().nullish(),
    merchant_name: z.string().nullish(),
    iso_currency_code: z.string().nullish(),
    unofficial_currency_code: z.string().nullish(),
    pending: z.boolean().nullish(),
    pending_transaction_id: z.string().nullish(),
    payment_channel: z.string().nullish(),
    category: z.array(z.string()).nullish(),
    category_id: z.string().nullish(),
    personal_finance_category: category.nullish(),
    original_description: z.string().nullish(),
  })
  // A transaction without a name (some feeds leave it out) is read by its merchant name.
  .transform((tx) => ({ ...tx, name: tx.name ?? tx.original_description ?? tx.merchant_name ?? '' }));

export const insightInputSchema = z.looseObject({
  as_of: isoDate.optional(),
  accounts: z.array(z.unknown()).optional(),
  transactions: z.array(insightTransactionSchema),
});

export type InsightInput = z.infer<typeof insightInputSchema>;

/** Where and why an input does not parse, in a line or three: `transactions[3].date: expected a YYYY-MM-DD date`. */
export function describeInputError(error: z.ZodError): string {
  const lines = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.reduce<string>(
      (text, part) =>
        typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part),
      '',
    );
    return `${where || 'the input'}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return lines.join('; ') + more;
}

export { isoDate as isoDateSchema };
