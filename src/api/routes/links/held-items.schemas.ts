import { z } from 'zod';
import { id } from '../../shared/owners.js';
import { linkedSchema } from './links.schemas.js';

const plaidId = z.string().trim().min(1, 'must not be empty').max(128, 'must be at most 128 characters');

/** Where Link returns after a bank's OAuth page; each must be registered for the brand first. */
const linkReturn = {
  redirect_uri: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048)
    .optional()
    .describe('For OAuth banks on the web; registered with `linkport brands allow-redirect`.'),
  android_package_name: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(255)
    .optional()
    .describe(
      'For OAuth banks in an Android app; registered with `linkport brands allow-redirect --android`.',
    ),
};

/** Seed 003 sends flags as strings ("true"); booleans are accepted too. */
const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])], { error: 'must be true or false' })
  .transform((v) => v === true || v === 'true');

export const profileLinkRequestSchema = z
  .strictObject({ profile_id: id, ...linkReturn })
  .meta({ id: 'ProfileLinkTokenRequest' });

export const linkTokenSchema = z
  .object({ link_token: z.string().describe('Open Plaid Link with it.') })
  .meta({ id: 'LinkToken' });

export const itemLinkRequestSchema = z
  .strictObject({
    select_accounts: flag
      .default(false)
      .describe('"true" shows the account selection screen, so the user can add or drop accounts.'),
    ...linkReturn,
  })
  .meta({ id: 'ItemLinkTokenRequest' });

export const createItemRequestSchema = z
  .strictObject({
    profile_id: id,
    plaid_public_token: z.string().trim().min(1, 'must not be empty').max(200),
    plaid_institution: z.strictObject({
      id: plaidId.describe("Link's metadata.institution.institution_id"),
      name: z.string().trim().min(1, 'must not be empty').max(200),
    }),
    plaid_account_ids: z
      .array(plaidId)
      .min(1, 'choose at least one account')
      .max(50)
      .describe("Link's metadata.accounts[].id: the accounts the user chose."),
  })
  .meta({ id: 'CreatePlaidItem' });

export const bankAccountSchema = z
  .object({
    id: z.string(),
    account_number_last_four: z.string(),
    routing_number: z.string(),
    profile_id: z.string(),
    type: z.string().describe('CHECKING or SAVINGS'),
    status: z.enum(['OPEN', 'CLOSED', 'REVOKED']),
  })
  .meta({ id: 'BankAccount' });

export const itemSchema = z
  .object({
    plaid_item_id: z.string(),
    plaid_institution_name: z.string().nullable(),
    bank_accounts: z.array(bankAccountSchema),
  })
  .meta({ id: 'PlaidItem' });

export const bankAccountResponseSchema = z
  .object({
    plaid_item_id: z.string(),
    plaid_institution_name: z.string().nullable(),
    bank_account: bankAccountSchema,
  })
  .meta({ id: 'PlaidBankAccount' });

export const itemListSchema = z
  .object({
    items: z.array(
      itemSchema.extend({
        is_login_required: z
          .enum(['true', 'false'])
          .nullable()
          .describe('"true" or "false", as a string; null unless include_login_status=true.'),
      }),
    ),
  })
  .meta({ id: 'PlaidItemList' });

export const itemListQuerySchema = z.strictObject({
  include_login_status: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .describe("true reads each item's login state from Plaid now."),
});

export const setItemAccountsSchema = z
  .strictObject({
    plaid_bank_account_ids: z
      .array(plaidId)
      .min(1, 'keep at least one account')
      .max(50)
      .describe("Plaid account ids (Link's metadata.accounts[].id) or the ids of the item's bank accounts."),
  })
  .meta({ id: 'SetPlaidItemAccounts' });

/** Seed 000: exactly one owner. */
const ownerFields = { customer_id: id.optional(), business_id: id.optional(), pbb_user_id: id.optional() };
const ONE_OWNER = {
  message: 'send exactly one of customer_id, business_id and pbb_user_id',
  path: ['customer_id'],
};
const oneOwner = (b: {
  customer_id?: string | undefined;
  business_id?: string | undefined;
  pbb_user_id?: string | undefined;
}) => [b.customer_id, b.business_id, b.pbb_user_id].filter((v) => v !== undefined).length === 1;

export const ownerLinkTokenRequestSchema = z
  .strictObject({
    ...ownerFields,
    ...linkReturn,
    linked_account_id: id
      .optional()
      .describe('Update mode: the account (linked with a public token) whose bank login to repair.'),
    select_accounts: flag
      .default(false)
      .describe('Update mode: let the user add or drop accounts of the same bank login.'),
  })
  .refine(oneOwner, ONE_OWNER)
  .meta({ id: 'OwnerLinkTokenRequest' });

export const ownerLinkTokenSchema = z
  .object({ link_token: z.string(), expiration: z.string() })
  .meta({ id: 'OwnerLinkToken' });

export const publicTokenRequestSchema = z
  .strictObject({
    ...ownerFields,
    public_token: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200)
      .describe("Link's onSuccess public_token."),
    account_id: id.optional().describe("The card account to link to; default: the owner's only one."),
    plaid_account_ids: z
      .array(plaidId)
      .min(1, 'choose at least one account')
      .max(50)
      .optional()
      .describe(
        "Link's metadata.accounts[].id; default: every checking and savings account the user shared.",
      ),
  })
  .refine(oneOwner, ONE_OWNER)
  .meta({ id: 'PublicTokenLink' });

export const publicTokenResponseSchema = z
  .object({ plaid_item_id: z.string(), linked_accounts: z.array(linkedSchema) })
  .meta({ id: 'PublicTokenLinked' });
