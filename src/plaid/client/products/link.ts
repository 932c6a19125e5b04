import {
  CountryCode,
  DepositoryAccountSubtype,
  type LinkTokenCreateRequest,
  type PlaidApi,
  Products,
} from 'plaid';
import { call } from '../transport.js';
import type { LinkTokenRequest } from '../types.js';

/**
 * Linkport's link tokens: Auth on checking and savings accounts (the accounts money can move to and
 * from), Linkport's webhook; with an access token, update mode for that Item instead.
 */
export function linkTokenCreateRequest(request: LinkTokenRequest): LinkTokenCreateRequest {
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
    depository: { account_subtypes: [DepositoryAccountSubtype.Checking, DepositoryAccountSubtype.Savings] },
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

export function linkCalls(api: () => PlaidApi) {
  return {
    async createLinkToken(request: LinkTokenRequest): Promise<{ linkToken: string; expiration: string }> {
      const data = await call(() => api().linkTokenCreate(linkTokenCreateRequest(request)));
      return { linkToken: data.link_token, expiration: data.expiration };
    },
  };
}
