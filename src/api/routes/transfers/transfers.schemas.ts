import { z } from 'zod';
import { pageSchema } from '../../shared/paging.js';

const AMOUNT_HELP = 'must be whole cents as an integer or a string of digits, e.g. 1250 for $12.50';

/** Integer cents, as a number or a string of digits; floats, zero and negatives are refused. */
export const amountSchema = z
  .union([z.number({ error: AMOUNT_HELP }), z.string({ error: AMOUNT_HELP })])
  .transform((value, ctx) => {
    const cents = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
    if (typeof cents !== 'number' || !Number.isSafeInteger(cents)) {
      ctx.addIssue({ code: 'custom', message: AMOUNT_HELP });
      return z.NEVER;
    }
    if (cents <= 0) {
      ctx.addIssue({ code: 'custom', message: 'must be more than zero cents' });
      return z.NEVER;
    }
    return cents;
  })
  .meta({ description: 'Integer cents (1250 is $12.50), as a number or a string of digits.' });

/** ACH carries printable ASCII; the description is the brand's, kept with the transfer. */
const descriptionSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters')
  .regex(/^[\x20-\x7E]+$/, 'must be printable ASCII (letters, digits, punctuation, spaces)');

export const createTransferSchema = z
  .strictObject({
    from: z.string().min(1).max(128).describe('A card account id (a push) or a linked account id (a pull).'),
    to: z.string().min(1).max(128).describe('A linked account id (a push) or a card account id (a pull).'),
    amount: amountSchema,
    currency: z.literal('USD', { error: 'must be USD' }),
    description: descriptionSchema,
    speed: z.enum(['standard', 'same_day']).default('standard'),
  })
  .meta({ id: 'NewTransfer' });

const checkSchema = z.object({
  check: z.enum(['account_reachable', 'login', 'balance', 'identity']),
  result: z.enum(['pass', 'fail', 'not_checked']),
  detail: z.string(),
});

export const transferStatuses = [
  'pending',
  'processing',
  'settled',
  'canceled',
  'failed',
  'returned',
] as const;

export const transferSchema = z
  .object({
    transfer_id: z.string(),
    from: z.string(),
    to: z.string(),
    direction: z
      .enum(['push', 'pull'])
      .describe('push: card account → linked account; pull: linked account → card account.'),
    account_id: z.string(),
    linked_account_id: z.string(),
    amount: z.string().describe('Integer cents, as a string.'),
    amount_cents: z.number().int(),
    currency: z.string(),
    description: z.string(),
    speed: z.enum(['standard', 'same_day']),
    status: z.enum(transferStatuses),
    decision: z.object({
      outcome: z.enum(['approved', 'declined', 'user_action_required']),
      reason: z.string().nullable(),
      checks: z.array(checkSchema),
    }),
    failure_reason: z.string().nullable(),
    return: z
      .object({ code: z.string(), description: z.string(), shortfall_cents: z.number().int() })
      .nullable()
      .describe('The ACH return, when the receiving bank sent the transfer back.'),
    notification_of_change: z
      .object({ change_code: z.string(), description: z.string(), fields: z.array(z.string()) })
      .nullable(),
    ach: z.object({
      sec_code: z.string(),
      trace_number: z.string().nullable(),
      effective_date: z.string().nullable(),
      settlement_date: z.string().nullable(),
    }),
    represents_transfer_id: z
      .string()
      .nullable()
      .describe(
        'A re-presentment: the returned transfer it presents again (`representment` says which try).',
      ),
    representment: z.number().int(),
    funds_available_on: z.string().nullable().describe('Pulls: the banking day the hold on the funds ends.'),
    funds_available: z.boolean(),
    timeline: z.array(z.object({ status: z.string(), at: z.string(), detail: z.string().optional() })),
    date_created: z.string(),
    date_updated: z.string(),
  })
  .meta({ id: 'Transfer' });

export const transferPageSchema = pageSchema(transferSchema, 'TransferPage');

export const listTransfersQuerySchema = z.strictObject({
  limit: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1)
    .max(100)
    .default(25),
  starting_after: z.string().min(1).max(64).optional(),
  account_id: z.string().min(1).max(128).optional(),
  linked_account_id: z.string().min(1).max(128).optional(),
  status: z.enum(transferStatuses).optional(),
  created_from: z.iso.datetime({ error: 'must be an ISO 8601 date-time' }).optional(),
  created_to: z.iso.datetime({ error: 'must be an ISO 8601 date-time' }).optional(),
});

const rateLine = z.object({
  returns: z.number().int(),
  rate: z.number(),
  threshold: z.number(),
  over_threshold: z.boolean(),
});

export const returnRatesSchema = z
  .object({
    period_start: z.string(),
    period_end: z.string(),
    debits: z.number().int(),
    unauthorized: rateLine,
    administrative: rateLine,
    overall: rateLine,
  })
  .meta({ id: 'AchReturnRates' });
