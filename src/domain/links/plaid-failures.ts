import { AppError } from '../../lib/errors.js';
import { PlaidFailure } from '../../plaid/client/errors.js';

/** Seconds a brand should wait before retrying when Plaid is unreachable. */
export const PLAID_RETRY_AFTER_SEC = 30;

const unavailable = (error: PlaidFailure, what: string) =>
  new AppError('unavailable', `Plaid could not be reached or failed; ${what}. Try again shortly.`, {
    headers: { 'retry-after': String(PLAID_RETRY_AFTER_SEC) },
    cause: error,
  });

const TOKEN_DEAD = new Set(['INVALID_PROCESSOR_TOKEN', 'ITEM_NOT_FOUND', 'INVALID_ACCESS_TOKEN']);
const NOT_PERMITTED = new Set([
  'INVALID_PRODUCT',
  'PRODUCTS_NOT_SUPPORTED',
  'ADDITIONAL_CONSENT_REQUIRED',
  'PRODUCT_NOT_ENABLED',
]);

/**
 * What a failed Plaid call means for the brand sending a processor token: a 400 whose code names
 * the cause and whose message says what to do, or a 503 when Plaid itself is in trouble.
 */
export function linkFailure(error: unknown): AppError {
  if (!(error instanceof PlaidFailure)) throw error;
  if (error.retryable) return unavailable(error, 'nothing was linked');
  const code = error.plaidCode ?? 'UNKNOWN';
  if (TOKEN_DEAD.has(code))
    return new AppError(
      'invalid_processor_token',
      'Plaid does not recognise this processor token: it is malformed, was created for another processor, or its Item was removed. Create a new processor token with /processor/token/create (processor "linkport") and send it again.',
      { cause: error },
    );
  if (code === 'ITEM_LOGIN_REQUIRED' || code === 'PENDING_EXPIRATION' || code === 'ITEM_LOCKED')
    return new AppError(
      'item_login_required',
      `The bank login behind this processor token needs the user (Plaid ${code}). Open Plaid Link in update mode with the Item's access_token, then send the processor token again.`,
      { cause: error },
    );
  if (code === 'NO_AUTH_ACCOUNTS')
    return new AppError(
      'account_not_supported',
      'The account behind this processor token has no ACH numbers: only checking and savings accounts can be linked. Let the user pick a checking or savings account in Plaid Link.',
      { cause: error },
    );
  if (NOT_PERMITTED.has(code))
    return new AppError(
      'processor_token_not_permitted',
      `This processor token may not read the account's numbers (Plaid ${code}). Link the Item with the auth product and do not narrow the token's permissions below auth.`,
      { cause: error },
    );
  return new AppError('plaid_error', `Plaid refused the processor token (${code}); nothing was linked.`, {
    cause: error,
  });
}

/**
 * What a failed Plaid call on an Item Linkport holds means for the brand (hosted linking).
 * `publicTokenField` names the request field when the call exchanged a public token.
 */
export function itemFailure(error: unknown, publicTokenField?: string): AppError {
  if (!(error instanceof PlaidFailure)) throw error;
  if (error.retryable) return unavailable(error, 'nothing was changed');
  const code = error.plaidCode ?? 'UNKNOWN';
  if (code === 'INVALID_PUBLIC_TOKEN' && publicTokenField)
    return new AppError(
      'invalid_public_token',
      `${publicTokenField}: Plaid does not accept this public token: it was already used, has expired (public tokens live 30 minutes and exchange once), or is not a public token. Open Link again for a new one.`,
      { cause: error },
    );
  if (code === 'ITEM_LOGIN_REQUIRED')
    return new AppError(
      'item_login_required',
      'The bank login of this Plaid item needs the user (Plaid ITEM_LOGIN_REQUIRED). Create an update-mode link token for the item, open Link with it, then try again.',
      { cause: error },
    );
  if (code === 'NO_AUTH_ACCOUNTS')
    return new AppError(
      'account_not_supported',
      'The Plaid item has no checking or savings account with ACH numbers; only those can be linked.',
      { cause: error },
    );
  if (code === 'INVALID_ACCESS_TOKEN' || code === 'ITEM_NOT_FOUND')
    return new AppError(
      'plaid_error',
      'Plaid no longer knows this item (it was removed). Link the bank again.',
      {
        cause: error,
      },
    );
  return new AppError('plaid_error', `Plaid refused the request (${code}): ${error.message}`, {
    cause: error,
  });
}
