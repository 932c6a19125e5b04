import {
  Configuration,
  CountryCode,
  DepositoryAccountSubtype,
  type LinkTokenCreateRequest,
  PlaidApi,
  Products,
  type SandboxItemFireWebhookRequestWebhookCodeEnum,
} from 'plaid';
import type { PlaidCredentials } from './credentials.js';

/** How long one Plaid call may take before Linkport answers 503 instead. */
export const PLAID_TIMEOUT_MS = 10_000;

/**
 * A Plaid call that failed: Plaid's own error code when Plaid answered, none when it could not be
 * reached. `retryable` failures (unreachable, 5xx, rate limits) are Plaid's trouble, not the caller's.
 */
export class PlaidFailure extends Error {
  override name = 'PlaidFailure';
  constructor(
    readonly plaidCode: string | null,
    readonly httpStatus: number | null,
    message: string,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.httpStatus === null || this.httpStatus >= 500 || this.httpStatus === 429;
  }
}

/** What a processor reads about the account behind a processor token. */
export interface ProcessorAccount {
  plaidAccountId: string;
  name: string;
  officialName: string | null;
  mask: string | null;
  /** Plaid's account type (`depository`, `credit`…) and subtype (`checking`, `savings`…). */
  type: string;
  subtype: string | null;
  institutionId: string;
  /** ACH numbers; null when the account has none (not a checking or savings account). */
  ach: { routingNumber: string; accountNumber: string } | null;
}

/** The account holders Plaid reports for the account behind a processor token. */
export interface AccountHolder {
  names: string[];
  emails: string[];
  phones: string[];
  addresses: {
    street: string | null;
    city: string | null;
    region: string | null;
    postal_code: string | null;
  }[];
}

/** An account of an Item, with its ACH numbers when read through /auth/get. */
export interface ItemAccount {
  plaidAccountId: string;
  name: string;
  mask: string | null;
  type: string;
  subtype: string | null;
}

export interface ItemAccountWithNumbers extends ItemAccount {
  ach: { routingNumber: string; accountNumber: string };
}

export interface ItemState {
  itemId: string;
  institutionId: string | null;
  webhook: string | null;
  /** Plaid's error code while the Item is in an error state (e.g. ITEM_LOGIN_REQUIRED). */
  errorCode: string | null;
}

export interface LinkTokenRequest {
  clientName: string;
  clientUserId: string;
  webhook: string;
  redirectUri?: string | undefined;
  androidPackageName?: string | undefined;
  /** Update mode for this Item. */
  accessToken?: string | undefined;
  /** Update mode: let the user change the Item's accounts. */
  accountSelection?: boolean | undefined;
  linkCustomizationName?: string | undefined;
}

export interface PlaidInstitution {
  id: string;
  name: string;
  logo: string | null;
}

export interface PlaidGateway {
  readProcessorAccount(processorToken: string): Promise<ProcessorAccount>;
  /** The public JWK that signs Plaid's webhooks, by key id. */
  getWebhookVerificationKey(
    keyId: string,
  ): Promise<{ jwk: Record<string, unknown>; expiredAt: number | null }>;
  getInstitution(institutionId: string): Promise<PlaidInstitution>;
  readProcessorIdentity(processorToken: string): Promise<AccountHolder[]>;
  setProcessorWebhook(processorToken: string, url: string): Promise<void>;
  createLinkToken(request: LinkTokenRequest): Promise<{ linkToken: string; expiration: string }>;
  exchangePublicToken(publicToken: string): Promise<{ accessToken: string; itemId: string }>;
  readItem(accessToken: string): Promise<ItemState>;
  readItemAccounts(accessToken: string): Promise<ItemAccount[]>;
  /** The accounts' ACH numbers (/auth/get narrowed to `accountIds`); accounts without any are left out. */
  readItemNumbers(accessToken: string, accountIds: string[]): Promise<ItemAccountWithNumbers[]>;
  setItemWebhook(accessToken: string, url: string): Promise<void>;
  removeItem(accessToken: string): Promise<void>;
  /** Sandbox only: puts the Item into ITEM_LOGIN_REQUIRED. */
  sandboxResetLogin(accessToken: string): Promise<void>;
  /** Sandbox only: makes Plaid send one of the Item's webhooks. */
  sandboxFireWebhook(accessToken: string, webhookCode: string): Promise<void>;
}

/** The shape of the plaid client's (axios) errors: a response when Plaid answered. */
interface HttpError {
  message: string;
  response?: { status: number; data?: { error_code?: unknown; error_message?: unknown } };
}

function isHttpError(error: unknown): error is HttpError {
  return typeof error === 'object' && error !== null && 'isAxiosError' in error && error instanceof Error;
}

function failureOf(error: unknown): PlaidFailure {
  if (isHttpError(error)) {
    const body = error.response?.data;
    const code = typeof body?.error_code === 'string' ? body.error_code : null;
    const message = typeof body?.error_message === 'string' ? body.error_message : error.message;
    return new PlaidFailure(code, error.response?.status ?? null, message);
  }
  return new PlaidFailure(null, null, error instanceof Error ? error.message : 'Plaid call failed');
}

async function call<T>(run: () => Promise<{ data: T }>): Promise<T> {
  try {
    return (await run()).data;
  } catch (error) {
    throw failureOf(error);
  }
}

/**
 * Linkport's side of Plaid, through the official client; every failure becomes a PlaidFailure.
 * Credentials are resolved on first use (the embedded default writes a file; building a container
 * must not).
 */
export function createPlaidGateway(
  baseUrl: string,
  resolveCredentials: () => PlaidCredentials | undefined,
): PlaidGateway {
  let client: PlaidApi | undefined;
  const ready = (): PlaidApi => {
    if (client) return client;
    const credentials = resolveCredentials();
    if (!credentials) throw new PlaidFailure(null, null, 'PLAID_CLIENT_ID and PLAID_SECRET are not set');
    client = new PlaidApi(
      new Configuration({
        basePath: baseUrl,
        baseOptions: {
          timeout: PLAID_TIMEOUT_MS,
          // Plaid's API never redirects; without redirects axios uses Node's http directly instead of
          // follow-redirects, a large share of each call's cost.
          maxRedirects: 0,
          headers: {
            'PLAID-CLIENT-ID': credentials.clientId,
            'PLAID-SECRET': credentials.secret,
            'Plaid-Version': '2020-09-14',
          },
        },
      }),
    );
    return client;
  };
  return {
    async readProcessorAccount(processorToken) {
      const api = ready();
      const [auth, account] = await Promise.all([
        call(() => api.processorAuthGet({ processor_token: processorToken })),
        call(() => api.processorAccountGet({ processor_token: processorToken })),
      ]);
      const ach = auth.numbers.ach;
      return {
        plaidAccountId: auth.account.account_id,
        name: auth.account.name,
        officialName: auth.account.official_name ?? null,
        mask: auth.account.mask ?? null,
        type: String(auth.account.type),
        subtype: auth.account.subtype === null ? null : String(auth.account.subtype),
        institutionId: account.institution_id,
        ach: ach ? { routingNumber: ach.routing, accountNumber: ach.account } : null,
      };
    },

    async getInstitution(institutionId) {
      const api = ready();
      const { institution } = await call(() =>
        api.institutionsGetById({
          institution_id: institutionId,
          country_codes: [CountryCode.Us],
          options: { include_optional_metadata: true },
        }),
      );
      return { id: institution.institution_id, name: institution.name, logo: institution.logo ?? null };
    },

    async readProcessorIdentity(processorToken) {
      const api = ready();
      const { account } = await call(() => api.processorIdentityGet({ processor_token: processorToken }));
      return account.owners.map((o) => ({
        names: o.names,
        emails: o.emails.map((e) => e.data),
        phones: o.phone_numbers.map((p) => p.data),
        addresses: o.addresses.map((a) => ({
          street: a.data.street ?? null,
          city: a.data.city ?? null,
          region: a.data.region ?? null,
          postal_code: a.data.postal_code ?? null,
        })),
      }));
    },

    async getWebhookVerificationKey(keyId) {
      const api = ready();
      const { key } = await call(() => api.webhookVerificationKeyGet({ key_id: keyId }));
      const { expired_at, created_at: _created, ...jwk } = key;
      return { jwk, expiredAt: expired_at ?? null };
    },

    async setProcessorWebhook(processorToken, url) {
      const api = ready();
      await call(() => api.processorTokenWebhookUpdate({ processor_token: processorToken, webhook: url }));
    },

    async createLinkToken(request) {
      const api = ready();
      const data = await call(() => api.linkTokenCreate(linkTokenCreateRequest(request)));
      return { linkToken: data.link_token, expiration: data.expiration };
    },

    async exchangePublicToken(publicToken) {
      const api = ready();
      const data = await call(() => api.itemPublicTokenExchange({ public_token: publicToken }));
      return { accessToken: data.access_token, itemId: data.item_id };
    },

    async readItem(accessToken) {
      const api = ready();
      const { item } = await call(() => api.itemGet({ access_token: accessToken }));
      return {
        itemId: item.item_id,
        institutionId: item.institution_id ?? null,
        webhook: item.webhook ?? null,
        errorCode: item.error?.error_code ?? null,
      };
    },

    async readItemAccounts(accessToken) {
      const api = ready();
      const { accounts } = await call(() => api.accountsGet({ access_token: accessToken }));
      return accounts.map(toItemAccount);
    },

    async readItemNumbers(accessToken, accountIds) {
      const api = ready();
      const { accounts, numbers } = await call(() =>
        api.authGet({ access_token: accessToken, options: { account_ids: accountIds } }),
      );
      const byAccount = new Map(numbers.ach.map((n) => [n.account_id, n]));
      return accounts.flatMap((account) => {
        const ach = byAccount.get(account.account_id);
        if (!ach) return [];
        return [
          { ...toItemAccount(account), ach: { routingNumber: ach.routing, accountNumber: ach.account } },
        ];
      });
    },

    async setItemWebhook(accessToken, url) {
      const api = ready();
      await call(() => api.itemWebhookUpdate({ access_token: accessToken, webhook: url }));
    },

    async removeItem(accessToken) {
      const api = ready();
      await call(() => api.itemRemove({ access_token: accessToken }));
    },

    async sandboxResetLogin(accessToken) {
      const api = ready();
      await call(() => api.sandboxItemResetLogin({ access_token: accessToken }));
    },

    async sandboxFireWebhook(accessToken, webhookCode) {
      const api = ready();
      await call(() =>
        api.sandboxItemFireWebhook({
          access_token: accessToken,
          webhook_code: webhookCode as SandboxItemFireWebhookRequestWebhookCodeEnum,
        }),
      );
    },
  };
}

function toItemAccount(account: {
  account_id: string;
  name: string;
  mask: string | null;
  type: string;
  subtype: string | null;
}): ItemAccount {
  return {
    plaidAccountId: account.account_id,
    name: account.name,
    mask: account.mask,
    type: account.type,
    subtype: account.subtype,
  };
}

/**
 * Linkport's link tokens: Auth on checking and savings accounts (the accounts money can move to and
 * from), Linkport's webhook; with an access token, update mode for that Item instead.
 */
function linkTokenCreateRequest(request: LinkTokenRequest): LinkTokenCreateRequest {
  const base: LinkTokenCreateRequest = {
    client_name: request.clientName,
    language: 'en',
    country_codes: [CountryCode.Us],
    user: { client_user_id: request.clientUserId },
    webhook: request.webhook,
    ...(request.redirectUri === undefined ? {} : { redirect_uri: request.redirectUri }),
    ...(request.androidPackageName === undefined ? {} : { android_package_name: request.androidPackageName }),
    ...(request.linkCustomizationName === undefined
      ? {}
      : { link_customization_name: request.linkCustomizationName }),
  };
  const depository = {
    depository: {
      account_subtypes: [DepositoryAccountSubtype.Checking, DepositoryAccountSubtype.Savings],
    },
  };
  if (request.accessToken === undefined)
    return { ...base, products: [Products.Auth], account_filters: depository };
  return {
    ...base,
    access_token: request.accessToken,
    update: { account_selection_enabled: request.accountSelection ?? false },
    ...(request.accountSelection ? { account_filters: depository } : {}),
  };
}
