import { z } from 'zod';

/** An account or a link belongs to one customer or one business. */
const oneOwner = (b: { customer_id?: string | undefined; business_id?: string | undefined }) =>
  (b.customer_id === undefined) !== (b.business_id === undefined);
const ONE_OWNER = { message: 'send exactly one of customer_id and business_id', path: ['customer_id'] };

const id = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

export const createAccountSchema = z
  .strictObject({ customer_id: id.optional(), business_id: id.optional() })
  .refine(oneOwner, ONE_OWNER)
  .meta({ id: 'NewAccount' });

export const accountSchema = z
  .object({
    account_id: z.string(),
    type: z.literal('card'),
    customer_id: z.string().optional(),
    business_id: z.string().optional(),
    balance_cents: z.number().int().describe('Balance in integer cents.'),
    currency: z.string(),
    date_created: z.string(),
    date_updated: z.string(),
  })
  .meta({ id: 'Account' });

export const linkRequestSchema = z
  .strictObject({
    processor_token: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .describe('The processor token the brand created with Plaid /processor/token/create.'),
    customer_id: id.optional(),
    business_id: id.optional(),
    account_id: id.optional().describe("The card account to attach to; default: the owner's only one."),
    replace_existing: z
      .boolean()
      .default(false)
      .describe('When this bank account is already linked, keep that link with this new token.'),
  })
  .refine(oneOwner, ONE_OWNER)
  .meta({ id: 'ProcessorTokenLink' });

export const linkedSchema = z
  .object({
    account_id: z.string().describe('The external account (the same id as linked_account_id).'),
    date_created: z.string(),
    date_updated: z.string(),
    customer_id: z.string().optional(),
    business_id: z.string().optional(),
    pbb_user_id: z.string().optional(),
    profile_id: z.string().optional(),
    status: z.string(),
    verification_status: z.string(),
    type: z.literal('external'),
    link_type: z.literal('plaid'),
    linked_account_id: z.string(),
  })
  .meta({ id: 'LinkedAccount' });

export const externalAccountSchema = z
  .object({
    linked_account_id: z.string(),
    plaid_access_token: z.null().describe('Always null: Linkport never reveals a Plaid token.'),
    customer_id: z.string().optional(),
    business_id: z.string().optional(),
    pbb_user_id: z.string().optional(),
    profile_id: z.string().optional(),
    card_id: z.string().nullable().describe('The card account; null for a Pay-by-Bank user.'),
    date_created: z.string(),
    date_updated: z.string(),
    status: z.string(),
    verification_status: z.string(),
    bank_name: z.string().nullable(),
    bank_logo: z.string().nullable(),
    account_number: z.string(),
    routing_number: z.string(),
    account_type: z.string(),
    account_category: z.string(),
  })
  .meta({ id: 'ExternalAccount' });

export const listQuerySchema = z.strictObject({
  list_full_account: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .describe('true reveals the full account and routing numbers (and is audited).'),
});

export const removedSchema = z
  .object({
    deleted_at: z.string(),
    date_created: z.string(),
    linked_account_id: z.string(),
    account_id: z.string().nullable(),
    customer_id: z.string().optional(),
    business_id: z.string().optional(),
    pbb_user_id: z.string().optional(),
    profile_id: z.string().optional(),
    bank_name: z.string().nullable(),
    status: z.literal('removed'),
  })
  .meta({ id: 'RemovedExternalAccount' });

export const eventSchema = z
  .object({
    event_id: z.string(),
    type: z.string(),
    subject_id: z.string(),
    data: z.record(z.string(), z.unknown()),
    date_created: z.string(),
  })
  .meta({ id: 'Event' });

/** Linking and money-moving POSTs: a replay with the same key answers the first response. */
export const idempotencyHeaderSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('A replay with the same key and body answers the first response; another body is a 422.'),
});
