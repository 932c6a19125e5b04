import { z } from 'zod';
import { id, ONE_OWNER, oneOwner } from '../../shared/owners.js';

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
