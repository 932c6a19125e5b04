/** Plaid's error object and the codes the sandbox answers with, as Plaid documents them. */

export type PlaidErrorType =
  | 'INVALID_REQUEST'
  | 'INVALID_INPUT'
  | 'INVALID_RESULT'
  | 'ITEM_ERROR'
  | 'INSTITUTION_ERROR'
  | 'API_ERROR'
  | 'ASSET_REPORT_ERROR'
  | 'SANDBOX_ERROR'
  | 'TRANSACTIONS_ERROR'
  | 'RATE_LIMIT_EXCEEDED'
  | 'OAUTH_ERROR'
  | 'USER_ERROR'
  | 'SIGNAL_ERROR';

interface ErrorSpec {
  type: PlaidErrorType;
  status: number;
  message: string;
  display: string | null;
  /** The `error_code` sent, where it differs from the key: Plaid uses some codes under two types. */
  errorCode?: string;
}

const spec = (
  type: PlaidErrorType,
  message: string,
  display: string | null = null,
  status = 400,
): ErrorSpec => ({
  type,
  status,
  message,
  display,
});
const TRY_AGAIN = 'Please try connecting a different account.';
const INSTITUTION_DOWN =
  'The institution is not responding. Please try again later or connect a different institution.';

export const PLAID_ERRORS = {
  MISSING_FIELDS: spec('INVALID_REQUEST', 'the following required fields are missing: {fields}'),
  UNKNOWN_FIELDS: spec(
    'INVALID_REQUEST',
    'the following fields are not recognized by this endpoint: {fields}',
  ),
  INVALID_FIELD: spec('INVALID_REQUEST', '{detail}'),
  INVALID_BODY: spec('INVALID_REQUEST', 'body could not be parsed as JSON'),
  NOT_FOUND: spec('INVALID_REQUEST', 'not found', null, 404),
  INVALID_API_KEYS: spec('INVALID_INPUT', 'invalid client_id or secret provided'),
  INVALID_ACCESS_TOKEN: spec('INVALID_INPUT', 'could not find matching access token'),
  INVALID_PUBLIC_TOKEN: spec('INVALID_INPUT', 'could not find matching public token'),
  INVALID_LINK_TOKEN: spec('INVALID_INPUT', 'invalid link_token provided'),
  INVALID_PROCESSOR_TOKEN: spec('INVALID_INPUT', 'could not find matching processor token'),
  INVALID_ACCOUNT_ID: spec('INVALID_INPUT', 'failed to find requested account ID for requested item'),
  INVALID_AUDIT_COPY_TOKEN: spec('INVALID_INPUT', 'could not find matching audit copy token'),
  INVALID_INSTITUTION: spec('INVALID_INPUT', 'invalid institution_id provided'),
  INVALID_WEBHOOK_VERIFICATION_KEY_ID: spec(
    'INVALID_INPUT',
    'invalid key_id provided. note that key_ids are specific to Plaid environments, and verification requests must be made to the same environment that the webhook was sent from',
  ),
  ADDITIONAL_CONSENT_REQUIRED: spec(
    'INVALID_INPUT',
    'client does not have user consent to access the {product} product',
  ),
  INVALID_PRODUCT: spec(
    'INVALID_INPUT',
    'client is not authorized to access the following products: {products}',
  ),
  ITEM_LOGIN_REQUIRED: spec(
    'ITEM_ERROR',
    "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state",
  ),
  ITEM_NOT_FOUND: spec(
    'ITEM_ERROR',
    'The Item you requested cannot be found. This Item does not exist, has been previously removed via /item/remove, or has had access removed by the user.',
  ),
  USER_PERMISSION_REVOKED: spec(
    'ITEM_ERROR',
    'the holder of this account has revoked their permission for your application to access it',
    'The user has revoked their permission to share data from this account.',
  ),
  ITEM_LOCKED: spec(
    'ITEM_ERROR',
    "the account is locked. prompt the user to visit the institution's site and unlock their account",
    'The given credentials belong to a locked account. Please reset your password at the institution and try again.',
  ),
  INVALID_CREDENTIALS: spec(
    'ITEM_ERROR',
    'the provided credentials were not correct',
    'The provided credentials were not correct. Please try again.',
  ),
  INVALID_MFA: spec(
    'ITEM_ERROR',
    'the provided MFA response(s) were not correct',
    'The provided MFA responses were not correct. Please try again.',
  ),
  INVALID_SEND_METHOD: spec('ITEM_ERROR', 'the provided MFA send_method was invalid', TRY_AGAIN),
  INSUFFICIENT_CREDENTIALS: spec(
    'ITEM_ERROR',
    'insufficient authorization was provided to complete the request',
    'Please try connecting again.',
  ),
  ITEM_NOT_SUPPORTED: spec('ITEM_ERROR', 'this account is currently not supported', TRY_AGAIN),
  MFA_NOT_SUPPORTED: spec(
    'ITEM_ERROR',
    'this account requires a MFA type that we do not currently support for the institution',
    TRY_AGAIN,
  ),
  NO_ACCOUNTS: spec('ITEM_ERROR', 'no valid accounts were found for this item', TRY_AGAIN),
  NO_AUTH_ACCOUNTS: spec(
    'ITEM_ERROR',
    'There are no valid checking or savings account(s) associated with this Item. See https://plaid.com/docs/api/#item-errors for more.',
  ),
  NO_INVESTMENT_ACCOUNTS: spec(
    'ITEM_ERROR',
    'There are no valid investment account(s) associated with this Item. See https://plaid.com/docs/api/#item-errors for more information.',
  ),
  NO_INVESTMENT_AUTH_ACCOUNTS: spec(
    'ITEM_ERROR',
    'There are no valid investment account(s) associated with this Item. See https://plaid.com/docs/api/#item-errors for more information.',
  ),
  NO_LIABILITY_ACCOUNTS: spec(
    'ITEM_ERROR',
    'There are no valid liability account(s) associated with this Item. See https://plaid.com/docs/api/#item-errors for more information.',
  ),
  PASSWORD_RESET_REQUIRED: spec(
    'ITEM_ERROR',
    'user must reset their password',
    'The user must log in directly to the financial institution and reset their password.',
  ),
  PRODUCT_NOT_ENABLED: spec(
    'ITEM_ERROR',
    'A requested product was not enabled for the current access token. Please ensure it is included when when initializing Link and create the Item again.',
  ),
  PRODUCT_NOT_READY: spec(
    'ITEM_ERROR',
    'the requested product is not yet ready. please provide a webhook or try the request again later',
  ),
  PRODUCTS_NOT_SUPPORTED: spec(
    'ITEM_ERROR',
    'the following products are not supported by this institution: {products}',
  ),
  USER_SETUP_REQUIRED: spec(
    'ITEM_ERROR',
    "the account has not been fully set up. prompt the user to visit the issuing institution's site and finish the setup process",
    'The user must log in directly to the financial institution and take some action before Plaid can access their accounts.',
  ),
  ACCESS_NOT_GRANTED: spec(
    'ITEM_ERROR',
    'access to this product was not granted for the account',
    'The user did not grant access to this product.',
  ),
  INSTITUTION_DOWN: spec(
    'INSTITUTION_ERROR',
    'this institution is not currently responding to this request. please try again soon',
    INSTITUTION_DOWN,
  ),
  INSTITUTION_NOT_RESPONDING: spec(
    'INSTITUTION_ERROR',
    'this institution is not currently responding to this request. please try again soon',
    INSTITUTION_DOWN,
  ),
  INSTITUTION_NOT_AVAILABLE: spec(
    'INSTITUTION_ERROR',
    'this institution is not currently responding to this request. please try again soon',
    INSTITUTION_DOWN,
  ),
  INSTITUTION_NO_LONGER_SUPPORTED: spec(
    'INSTITUTION_ERROR',
    'this institution is no longer supported',
    'This financial institution is not currently supported.',
  ),
  CLIENT_TRANSACTION_ID_ALREADY_IN_USE: spec(
    'SIGNAL_ERROR',
    'Client transaction id has already been used in a different transaction',
  ),
  SIGNAL_TRANSACTION_NOT_INITIATED: spec(
    'SIGNAL_ERROR',
    'Transactions previously reported as not initiated cannot be reported as returned',
  ),
  INTERNAL_SERVER_ERROR: spec('API_ERROR', 'an unexpected error occurred', null, 500),
  // Assets errors: Plaid's docs show an empty error_message for these; the sandbox's note says why.
  ASSET_REPORT_NOT_READY: {
    ...spec(
      'ASSET_REPORT_ERROR',
      'the requested product is not yet ready. please provide a webhook or try the request again later',
    ),
    errorCode: 'PRODUCT_NOT_READY',
  },
  ASSET_REPORT_PRODUCT_NOT_ENABLED: { ...spec('ASSET_REPORT_ERROR', ''), errorCode: 'PRODUCT_NOT_ENABLED' },
  INVALID_PARENT: spec('ASSET_REPORT_ERROR', ''),
  INCORRECT_LINK_TOKEN: spec('OAUTH_ERROR', 'link token does not match original link token'),
  OAUTH_STATE_ID_ALREADY_PROCESSED: spec(
    'OAUTH_ERROR',
    'the provided oauth_state_id has already been processed',
    null,
    208,
  ),
  OAUTH_STATE_ID_NOT_FOUND: spec('OAUTH_ERROR', "the provided oauth_state_id wasn't found", null, 404),
  SANDBOX_WEBHOOK_INVALID: spec(
    'SANDBOX_ERROR',
    "Webhook for this item is either not set up, or invalid. Please update the item's webhook and try again.",
  ),
  SANDBOX_PRODUCT_NOT_ENABLED: spec('SANDBOX_ERROR', 'The {product} product is not enabled on this item'),
} as const satisfies Record<string, ErrorSpec>;

export type PlaidErrorCode = keyof typeof PLAID_ERRORS;

export function isPlaidErrorCode(code: string): code is PlaidErrorCode {
  return Object.hasOwn(PLAID_ERRORS, code);
}

/** Codes a sandbox login can fail with: `error_<CODE>` passwords pick one. */
export function isLoginErrorCode(code: string): code is PlaidErrorCode {
  if (!isPlaidErrorCode(code)) return false;
  const { type } = PLAID_ERRORS[code];
  return type === 'ITEM_ERROR' || type === 'INSTITUTION_ERROR' || code === 'INTERNAL_SERVER_ERROR';
}

export class PlaidApiError extends Error {
  readonly code: PlaidErrorCode;
  /** The `error_code` Plaid sends (the key, unless the spec names another). */
  readonly errorCode: string;
  readonly type: PlaidErrorType;
  readonly status: number;
  readonly display: string | null;

  /** `params` fill the message's `{placeholders}`; `note` follows Plaid's message (what the local sandbox adds). */
  constructor(code: PlaidErrorCode, params: Record<string, string> = {}, note = '') {
    const errorSpec: ErrorSpec = PLAID_ERRORS[code];
    // An answer to the client, not a fault: capturing a stack trace would be most of its cost.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(errorSpec.message.replace(/\{(\w+)\}/g, (_, key: string) => params[key] ?? '') + note);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'PlaidApiError';
    this.code = code;
    this.errorCode = errorSpec.errorCode ?? code;
    this.type = errorSpec.type;
    this.status = errorSpec.status;
    this.display = errorSpec.display;
  }
}

export function invalidField(detail: string): PlaidApiError {
  return new PlaidApiError('INVALID_FIELD', { detail });
}

function documentationUrl(type: PlaidErrorType): string {
  return `https://plaid.com/docs/?ref=error#${type.toLowerCase().replaceAll('_', '-')}-errors`;
}

/** The error body exactly as Plaid sends it: these keys, in this order. */
export function plaidErrorBody(error: PlaidApiError, requestId: string) {
  return {
    display_message: error.display,
    documentation_url: documentationUrl(error.type),
    error_code: error.errorCode,
    error_code_reason: null,
    error_message: error.message,
    error_type: error.type,
    request_id: requestId,
    suggested_action: null,
  };
}

/** The same error as it sits in `item.error` (no request id) or in a webhook (with `status`). */
export function plaidErrorObject(code: PlaidErrorCode) {
  const error = new PlaidApiError(code);
  return {
    error_type: error.type,
    error_code: error.errorCode,
    error_code_reason: null,
    error_message: error.message,
    display_message: error.display,
    documentation_url: documentationUrl(error.type),
    suggested_action: null,
  };
}
