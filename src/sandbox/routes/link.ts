import type {
  LinkEvent,
  LinkSessionExit,
  LinkSessionSuccessMetadataAccount,
  LinkSessionSuccessMetadataInstitution,
  LinkTokenAccountFilters,
  LinkTokenCreateResponse,
  LinkTokenGetResponse,
  LinkTokenGetSessionsResponse,
} from 'plaid';
import { z } from 'zod';
import { addMs } from '../../lib/time.js';
import { defineEndpoint, type SandboxContext } from '../endpoint.js';
import { invalidField, PlaidApiError } from '../errors.js';
import { isWellFormedToken, newToken } from '../ids.js';
import { requireItem, requireServedProducts } from '../items.js';
import { countryCodes, plaidRequest, product, webhookUrl } from '../validate.js';
import type { ResponseBody, Wire } from '../wire.js';

export const LINK_TOKEN_TTL_MS = 4 * 60 * 60 * 1000;
export const UPDATE_MODE_LINK_TOKEN_TTL_MS = 30 * 60 * 1000;

const LANGUAGES = [
  'da',
  'nl',
  'en',
  'et',
  'fr',
  'de',
  'hi',
  'it',
  'lv',
  'lt',
  'no',
  'pl',
  'pt',
  'ro',
  'es',
  'sv',
  'vi',
] as const;
/**
 * What is unmistakably personal data in a `client_user_id`: an email address, or a phone number
 * written as one (a leading `+` country code, or `(415) 555-0123`). Plain digits pass: Plaid calls
 * the field "typically a user ID number from your application".
 */
const PII = [/^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/, /^\+\d[\d\s().-]{7,}$/, /^\(\d{3}\)\s?\d{3}[-.\s]\d{4}$/];
const looksLikePii = (value: string) => PII.some((pattern) => pattern.test(value.trim()));

const accountFilter = z.looseObject({ account_subtypes: z.array(z.string()).min(1) });

/** Fields of /link/token/create the sandbox stores and echoes but does not act on. */
const passthrough = z.unknown().optional();

const linkTokenCreate = plaidRequest({
  client_name: z.string().min(1),
  language: z.enum(LANGUAGES),
  country_codes: countryCodes,
  user: z
    .looseObject({
      client_user_id: z
        .string()
        .min(1)
        .refine(
          (v) => !looksLikePii(v),
          'must not contain personally identifiable information such as an email or phone number',
        ),
    })
    .optional(),
  user_id: z.string().optional(),
  products: z.array(product).nullish(),
  required_if_supported_products: z.array(product).nullish(),
  optional_products: z.array(product).nullish(),
  additional_consented_products: z.array(product).nullish(),
  webhook: webhookUrl.optional(),
  access_token: z.string().min(1).nullish(),
  link_customization_name: z.string().optional(),
  redirect_uri: z
    .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
    .refine((v) => !v.includes('?'), 'must not contain query parameters')
    .optional(),
  android_package_name: z.string().min(1).optional(),
  account_filters: z
    .strictObject({
      depository: accountFilter.optional(),
      credit: accountFilter.optional(),
      loan: accountFilter.optional(),
      investment: accountFilter.optional(),
      other: accountFilter.optional(),
    })
    .optional(),
  transactions: z.looseObject({ days_requested: z.number().int().min(1).max(730).optional() }).optional(),
  update: z.looseObject({ account_selection_enabled: z.boolean().optional() }).optional(),
  appearance_mode: passthrough,
  institution_data: passthrough,
  institution_id: passthrough,
  access_tokens: passthrough,
  auth: passthrough,
  card_switch: passthrough,
  eu_config: passthrough,
  payment_configuration: passthrough,
  payment_initiation: passthrough,
  employment: passthrough,
  income_verification: passthrough,
  base_report: passthrough,
  credit_partner_insights: passthrough,
  cra_options: passthrough,
  consumer_report_permissible_purpose: passthrough,
  transfer: passthrough,
  identity_verification: passthrough,
  statements: passthrough,
  third_party_user_token: passthrough,
  investments: passthrough,
  investments_auth: passthrough,
  hosted_link: passthrough,
  cashflow_report: passthrough,
  cra_enabled: passthrough,
  identity: passthrough,
  financekit_supported: passthrough,
  enable_multi_item_link: passthrough,
  user_token: passthrough,
});

export type LinkTokenConfig = Omit<z.output<typeof linkTokenCreate>, 'client_id' | 'secret'>;

function checkProducts(request: LinkTokenConfig): void {
  const lists = [
    request.products,
    request.required_if_supported_products,
    request.optional_products,
    request.additional_consented_products,
  ];
  const all = lists.flatMap((list) => list ?? []);
  if (all.includes('balance')) throw new PlaidApiError('INVALID_PRODUCT', { products: '["balance"]' });
  requireServedProducts(all);
  if (new Set(all).size !== all.length)
    throw invalidField('products: a product may appear in only one of the product lists');
  if (!request.access_token && (request.products ?? []).length === 0) {
    throw invalidField('products: must list at least one product unless access_token is set (update mode)');
  }
}

/** The token's Link sessions as Plaid reports them: results on success, the exit otherwise. */
async function linkSessions(ctx: SandboxContext, linkToken: string) {
  const sessions = await ctx.state.db
    .selectFrom('sandbox_link_sessions')
    .selectAll()
    .where('link_token', '=', linkToken)
    .orderBy('started_at')
    .execute();
  return sessions.map((s) => {
    const result = s.result
      ? (JSON.parse(s.result) as {
          public_token: string;
          metadata: {
            institution: Wire<LinkSessionSuccessMetadataInstitution> | null;
            accounts: Wire<LinkSessionSuccessMetadataAccount>[];
          };
        })
      : null;
    return {
      link_session_id: s.link_session_id,
      started_at: s.started_at,
      finished_at: s.finished_at,
      events: JSON.parse(s.events) as Wire<LinkEvent>[],
      results: result
        ? {
            item_add_results: [
              {
                public_token: result.public_token,
                accounts: result.metadata.accounts,
                institution: result.metadata.institution,
              },
            ],
            cra_item_add_results: [],
            cra_update_results: [],
            bank_income_results: [],
            payroll_income_results: [],
            document_income_results: null,
          }
        : null,
      exit: s.exit ? (JSON.parse(s.exit) as Wire<LinkSessionExit>) : null,
    } satisfies Wire<LinkTokenGetSessionsResponse>;
  });
}

const isoSeconds = (at: Date) => `${at.toISOString().slice(0, 19)}Z`;

export const linkEndpoints = [
  defineEndpoint('/link/token/create', linkTokenCreate, async (request, ctx) => {
    // Credentials are never stored with the token.
    const { client_id, secret, ...config } = request;
    if (!config.user && !config.user_id) throw new PlaidApiError('MISSING_FIELDS', { fields: 'user' });
    if (config.redirect_uri && config.android_package_name) {
      throw invalidField('redirect_uri: must be blank when android_package_name is set');
    }
    checkProducts(config);
    const item = config.access_token ? await requireItem(ctx, config.access_token) : undefined;
    const expires = addMs(ctx.now, item ? UPDATE_MODE_LINK_TOKEN_TTL_MS : LINK_TOKEN_TTL_MS);
    const linkToken = newToken('link');
    await ctx.state.db
      .insertInto('sandbox_link_tokens')
      .values({
        link_token: linkToken,
        client_id: ctx.clientId,
        item_id: item?.item_id ?? null,
        config: JSON.stringify(config),
        created_at: ctx.now.toISOString(),
        expires_at: expires.toISOString(),
      })
      .execute();
    return { link_token: linkToken, expiration: isoSeconds(expires) } satisfies Omit<
      Wire<LinkTokenCreateResponse>,
      'request_id'
    >;
  }),

  defineEndpoint('/link/token/get', plaidRequest({ link_token: z.string() }), async (request, ctx) => {
    if (!isWellFormedToken('link', request.link_token)) throw invalidField('link_token: is not a link token');
    const row = await ctx.state.db
      .selectFrom('sandbox_link_tokens')
      .selectAll()
      .where('link_token', '=', request.link_token)
      .where('client_id', '=', ctx.clientId)
      .executeTakeFirst();
    if (!row || new Date(row.expires_at) <= ctx.now) throw new PlaidApiError('INVALID_LINK_TOKEN');
    const config = JSON.parse(row.config) as LinkTokenConfig;
    return {
      link_token: row.link_token,
      created_at: isoSeconds(new Date(row.created_at)),
      expiration: isoSeconds(new Date(row.expires_at)),
      link_sessions: await linkSessions(ctx, row.link_token),
      metadata: {
        initial_products: config.products ?? [],
        webhook: config.webhook ?? null,
        country_codes: config.country_codes,
        language: config.language,
        // Echoed as sent; the sandbox does not police subtype names.
        ...(config.account_filters
          ? { account_filters: config.account_filters as Wire<LinkTokenAccountFilters> }
          : {}),
        redirect_uri: config.redirect_uri ?? null,
        client_name: config.client_name,
      },
    } satisfies ResponseBody<LinkTokenGetResponse>;
  }),
];
