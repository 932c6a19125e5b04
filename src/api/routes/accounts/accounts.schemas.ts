import { z } from 'zod';
import { id, ONE_OWNER, oneOwner } from '../../shared/owners.js';

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
    balance_cents: z
      .number()
      .int()
      .describe('The current balance in integer cents (the same as current_balance_cents).'),
    current_balance_cents: z.number().int().describe('Posted money: what settled, in integer cents.'),
    available_balance_cents: z
      .number()
      .int()
      .describe(
        'What can be moved now: the current balance less pushes on their way out and pulled funds still on hold.',
      ),
    currency: z.string(),
    date_created: z.string(),
    date_updated: z.string(),
  })
  .meta({ id: 'Account' });
