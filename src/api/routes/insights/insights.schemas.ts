import { z } from 'zod';
import { INSIGHT_JOBS } from '../../../domain/insights/insights.types.js';

export const jobSchema = z.enum(INSIGHT_JOBS).meta({
  description:
    'employer-classification (who pays the account holder) or recurrence-detection (recurring inflows and outflows).',
});

const token = z.string().trim().min(1, 'must not be empty').max(512);

export const registerSchema = z
  .strictObject({
    processor_token: token.meta({
      description:
        'A Plaid processor token for the account, from /processor/token/create (the Item linked with transactions).',
    }),
    job: jobSchema.optional(),
    jobs: z.array(jobSchema).min(1, 'name at least one job').max(INSIGHT_JOBS.length).optional(),
  })
  .refine((body) => (body.job === undefined) !== (body.jobs === undefined), {
    message: 'give exactly one of job or jobs',
    path: ['job'],
  });

export const deleteByTokenSchema = z.strictObject({ processor_token: token });

const jobStatus = z.enum(['pending', 'fetching', 'processing', 'completed', 'failed', 'cancelled']);

export const processorLinkSchema = z.object({
  id: z.string(),
  status: z.enum(['active', 'deleted']),
  jobs: z.array(
    z.object({
      job: jobSchema,
      status: jobStatus,
      reason: z
        .string()
        .nullable()
        .meta({ description: 'Why the job failed, was cancelled, or is waiting.' }),
      result_version: z
        .number()
        .int()
        .meta({ description: 'How many results the job has made; 0 before the first.' }),
      completed_at: z.string().nullable(),
      results_url: z.string(),
    }),
  ),
  progress: z.object({
    pages_fetched: z.number().int(),
    transactions_fetched: z.number().int(),
    last_synced_at: z.string().nullable(),
  }),
  date_created: z.string(),
  date_deleted: z.string().nullable(),
});

const amount = z.looseObject({
  amount: z.number(),
  iso_currency_code: z.string().nullable(),
  unofficial_currency_code: z.string().nullable(),
});

const streamSchema = z
  .looseObject({
    stream_id: z.string(),
    account_id: z.string(),
    description: z.string(),
    merchant_name: z.string().nullable(),
    frequency: z.enum(['WEEKLY', 'BIWEEKLY', 'SEMI_MONTHLY', 'MONTHLY', 'ANNUALLY', 'UNKNOWN']),
    status: z.enum(['MATURE', 'EARLY_DETECTION', 'TOMBSTONED', 'UNKNOWN']),
    first_date: z.string(),
    last_date: z.string(),
    predicted_next_date: z.string().nullable(),
    average_amount: amount,
    last_amount: amount,
    is_active: z.boolean(),
    transaction_ids: z.array(z.string()),
    confidence: z.number().meta({ description: 'How sure the detector is that the stream is real, 0 to 1.' }),
  })
  .meta({ description: "Plaid's TransactionStream, plus confidence." });

const employerSchema = z.looseObject({
  employer_name: z.string(),
  payroll_provider: z.string().nullable(),
  confidence: z.number(),
  pay_frequency: z.string(),
  last_pay_date: z.string(),
  next_pay_date: z.string().nullable(),
  average_amount: z.number(),
  is_active: z.boolean(),
  transaction_ids: z.array(z.string()),
});

const resultBase = {
  processor_link_id: z.string(),
  status: jobStatus.meta({ description: "The job's status; the lists are the latest result's." }),
  result_version: z.number().int(),
  as_of: z
    .string()
    .nullable()
    .meta({ description: 'The day the result is about (YYYY-MM-DD); null before the first.' }),
};

export const employerMatchesSchema = z.object({
  ...resultBase,
  employer_matches: z.array(employerSchema),
  classification: z.string().nullable().meta({
    description: 'EMPLOYER_FOUND, NO_EMPLOYER_FOUND (declined rather than guessed) or INSUFFICIENT_DATA.',
  }),
});

export const recurringSchema = z.object({
  ...resultBase,
  inflow_streams: z.array(streamSchema),
  outflow_streams: z.array(streamSchema),
});
