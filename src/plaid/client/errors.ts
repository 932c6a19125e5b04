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

/** The shape of the plaid client's (axios) errors: a response when Plaid answered. */
interface HttpError {
  message: string;
  response?: { status: number; data?: { error_code?: unknown; error_message?: unknown } };
}

function isHttpError(error: unknown): error is HttpError {
  return typeof error === 'object' && error !== null && 'isAxiosError' in error && error instanceof Error;
}

/** Any failure of the official client as a PlaidFailure: Plaid's error body when it sent one. */
export function failureOf(error: unknown): PlaidFailure {
  if (error instanceof PlaidFailure) return error;
  if (isHttpError(error)) {
    const body = error.response?.data;
    const code = typeof body?.error_code === 'string' ? body.error_code : null;
    const message = typeof body?.error_message === 'string' ? body.error_message : error.message;
    return new PlaidFailure(code, error.response?.status ?? null, message);
  }
  return new PlaidFailure(null, null, error instanceof Error ? error.message : 'Plaid call failed');
}
