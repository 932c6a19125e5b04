import { z } from 'zod';

const US_STATES = new Set(
  'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI'.split(
    ' ',
  ),
);

const name = (max = 100) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  }, 'is not a real calendar date');

const dateOfBirth = isoDate.refine(
  (v) => v >= '1900-01-01' && new Date(`${v}T00:00:00Z`) <= new Date(),
  'must be a past date after 1900-01-01',
);

/** Accepts common spellings ("+1 (415) 555-0123", "4155550123") and stores E.164. */
const phone = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s().-]/g, ''))
  .transform((v) => (/^\d{10}$/.test(v) ? `+1${v}` : v))
  .refine((v) => /^\+[1-9]\d{7,14}$/.test(v), 'must be a phone number in E.164 form, e.g. +14155550123');

const email = z.string().trim().toLowerCase().pipe(z.email('must be an email address'));

export const addressSchema = z
  .strictObject({
    address_line_1: name(200),
    address_line_2: z.string().trim().max(200).optional(),
    city: name(100),
    state: z.string().trim().toUpperCase().min(1, 'must not be empty').max(100),
    zip_code: z.string().trim().min(1, 'must not be empty').max(20),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 country code')
      .default('US'),
  })
  .superRefine((a, ctx) => {
    if (a.country !== 'US') return;
    if (!US_STATES.has(a.state))
      ctx.addIssue({ code: 'custom', path: ['state'], message: 'must be a two-letter US state code' });
    if (!/^\d{5}(-\d{4})?$/.test(a.zip_code))
      ctx.addIssue({
        code: 'custom',
        path: ['zip_code'],
        message: 'must be a US ZIP code (12345 or 12345-6789)',
      });
  })
  .meta({ id: 'Address' });

const contact = {
  email: email.optional(),
  phone: phone.optional(),
  address: addressSchema.optional(),
};

export const personInputSchema = z
  .strictObject({
    first_name: name(),
    middle_name: name().optional(),
    last_name: name(),
    date_of_birth: dateOfBirth,
    ...contact,
  })
  .meta({ id: 'NewPerson' });

export const businessInputSchema = z
  .strictObject({
    legal_business_name: name(200),
    dba_business_name: name(200).optional(),
    ein: z
      .string()
      .trim()
      .regex(/^\d{2}-?\d{7}$/, 'must be an EIN, 12-3456789')
      .transform((v) => `${v.replace('-', '').slice(0, 2)}-${v.replace('-', '').slice(2)}`),
    ...contact,
  })
  .meta({ id: 'NewBusiness' });

const addressOut = z.object({
  address_line_1: z.string(),
  address_line_2: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  zip_code: z.string(),
  country: z.string(),
});

const contactOut = {
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: addressOut.nullable(),
  date_created: z.string(),
  date_updated: z.string(),
};

export function personOutputSchema(idField: string, id: string) {
  return z
    .object({
      [idField]: z.string(),
      first_name: z.string(),
      middle_name: z.string().nullable(),
      last_name: z.string(),
      date_of_birth: z.string(),
      ...contactOut,
    })
    .meta({ id });
}

export const businessOutputSchema = z
  .object({
    business_id: z.string(),
    legal_business_name: z.string(),
    dba_business_name: z.string().nullable(),
    ein: z.string(),
    ...contactOut,
  })
  .meta({ id: 'Business' });
