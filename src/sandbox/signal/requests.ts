import { z } from 'zod';
import { plaidRequest } from '../validate.js';
import { isAchReturnCode } from './return-codes.js';

/** An ACH entry's amount field has ten digits of cents: nothing larger can be debited. */
export const MAX_AMOUNT = 99_999_999.99;

const hasCents = (amount: number) => Math.abs(Math.round(amount * 100) - amount * 100) < 1e-6;

const clientTransactionId = z.string().min(1, 'must not be empty').max(36, 'must be at most 36 characters');

const amount = z
  .number()
  .gt(0, 'must be greater than 0')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT} (the largest ACH amount)`)
  .refine(hasCents, 'must be in dollars with at most two decimal places');

const text = z.string().nullish();

const signalUser = z.strictObject({
  name: z
    .strictObject({ prefix: text, given_name: text, middle_name: text, family_name: text, suffix: text })
    .nullish(),
  phone_number: text,
  email_address: text,
  // Plaid's address object admits more keys than it names.
  address: z
    .looseObject({
      city: z.string().optional(),
      region: text,
      street: z.string().optional(),
      postal_code: text,
      country: text,
    })
    .nullish(),
});

/** What an evaluation is about, beyond whose account: the fields a retry must repeat exactly. */
const EVALUATION_FIELDS = {
  client_transaction_id: clientTransactionId,
  amount,
  user_present: z.boolean().nullish(),
  client_user_id: z.string().optional(),
  is_recurring: z.boolean().nullish(),
  default_payment_method: z.enum(['SAME_DAY_ACH', 'STANDARD_ACH', 'MULTIPLE_PAYMENT_METHODS']).nullish(),
  user: signalUser.nullish(),
  device: z.strictObject({ ip_address: text, user_agent: text }).nullish(),
  ruleset_key: z.string().min(1, 'must not be empty').nullish(),
};

export type EvaluationFields = z.output<z.ZodObject<typeof EVALUATION_FIELDS>>;

/** The evaluation fields of a parsed request, in one fixed order (no tokens, no credentials). */
export function evaluationFields(request: EvaluationFields): EvaluationFields {
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(EVALUATION_FIELDS) as (keyof EvaluationFields)[]) {
    if (request[key] !== undefined) fields[key] = request[key];
  }
  return fields as EvaluationFields;
}

export const itemEvaluateRequest = plaidRequest({
  access_token: z.string(),
  account_id: z.string(),
  ...EVALUATION_FIELDS,
  // Deprecated by Plaid for ruleset_key; accepted and ignored.
  risk_profile_key: z.string().nullish(),
});

export const processorEvaluateRequest = plaidRequest({ processor_token: z.string(), ...EVALUATION_FIELDS });

const DECISION_FIELDS = {
  client_transaction_id: clientTransactionId,
  initiated: z.boolean(),
  days_funds_on_hold: z.number().int().min(0).nullish(),
  decision_outcome: z
    .enum(['APPROVE', 'REVIEW', 'REJECT', 'TAKE_OTHER_RISK_MEASURES', 'NOT_EVALUATED'])
    .nullish(),
  payment_method: z
    .enum(['SAME_DAY_ACH', 'NEXT_DAY_ACH', 'STANDARD_ACH', 'MULTIPLE_PAYMENT_METHODS'])
    .nullish(),
  amount_instantly_available: z.number().min(0).nullish(),
};

export type DecisionFields = z.output<z.ZodObject<typeof DECISION_FIELDS>>;

export const itemDecisionRequest = plaidRequest({
  ...DECISION_FIELDS,
  // Plaid's hidden field for /signal/schedule users; accepted and ignored.
  submitted_at: z.iso.datetime({ offset: true }).optional(),
});

export const processorDecisionRequest = plaidRequest({ processor_token: z.string(), ...DECISION_FIELDS });

const RETURN_FIELDS = {
  client_transaction_id: clientTransactionId,
  return_code: z.string().refine(isAchReturnCode, 'must be a valid ACH return code (e.g. "R01")'),
  returned_at: z.iso.datetime({ offset: true }).nullish(),
};

export type ReturnFields = z.output<z.ZodObject<typeof RETURN_FIELDS>>;

export const itemReturnRequest = plaidRequest(RETURN_FIELDS);

export const processorReturnRequest = plaidRequest({ processor_token: z.string(), ...RETURN_FIELDS });
