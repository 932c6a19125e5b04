import { z } from 'zod';

/** The user a report is prepared for: Plaid's fields, all optional, and whatever else the client adds. */
export const assetReportUser = z.looseObject({
  client_user_id: z.string().nullish(),
  first_name: z.string().nullish(),
  middle_name: z.string().nullish(),
  last_name: z.string().nullish(),
  ssn: z.string().nullish(),
  phone_number: z.string().nullish(),
  email: z.string().nullish(),
});

export const daysRequested = z.number().int().min(0).max(731);

/** `options.days_to_include` of the get and PDF endpoints. */
export const daysToInclude = z
  .strictObject({ days_to_include: z.number().int().min(0).max(731).nullish() })
  .optional();
