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
    balance_cents: z.number().int().describe('Balance in integer cents.'),
    currency: z.string(),
    date_created: z.string(),
    date_updated: z.string(),
  })
  .meta({ id: 'Account' });
