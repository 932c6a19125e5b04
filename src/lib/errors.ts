/**
 * The closed set of error codes every layer may raise. The table below is the only place that maps a
 * code to an HTTP status and an error type, so the API's error body stays one shape everywhere.
 */
export const ERROR_TABLE = {
  validation_error: { status: 400, type: 'Request Error' },
  malformed_json: { status: 400, type: 'Request Error' },
  unauthorized: { status: 401, type: 'Authentication Error' },
  /** The API key is valid but its scopes do not reach this call; the body names the missing `Scope`. */
  insufficient_scope: { status: 403, type: 'Authorization Error' },
  not_found: { status: 404, type: 'Request Error' },
  method_not_allowed: { status: 405, type: 'Request Error' },
  conflict: { status: 409, type: 'Request Error' },
  payload_too_large: { status: 413, type: 'Request Error' },
  uri_too_long: { status: 414, type: 'Request Error' },
  unsupported_media_type: { status: 415, type: 'Request Error' },
  headers_too_large: { status: 431, type: 'Request Error' },
  bad_request: { status: 400, type: 'Request Error' },
  request_timeout: { status: 408, type: 'Request Error' },
  unprocessable: { status: 422, type: 'Request Error' },
  integration_disabled: { status: 422, type: 'Request Error' },
  idempotency_key_reused: { status: 422, type: 'Request Error' },
  idempotency_key_in_use: { status: 409, type: 'Request Error' },
  invalid_processor_token: { status: 400, type: 'Request Error' },
  invalid_public_token: { status: 400, type: 'Request Error' },
  item_login_required: { status: 400, type: 'Request Error' },
  account_not_supported: { status: 400, type: 'Request Error' },
  processor_token_not_permitted: { status: 400, type: 'Request Error' },
  plaid_error: { status: 400, type: 'Request Error' },
  /** Seed 001's identity-match failure: the code is the seed's, odd as it reads. */
  account_post_schema: { status: 400, type: 'Request Error' },
  insufficient_funds: { status: 422, type: 'Request Error' },
  rate_limited: { status: 429, type: 'Request Error' },
  internal_error: { status: 500, type: 'Server Error' },
  unavailable: { status: 503, type: 'Server Error' },
} as const satisfies Record<string, { status: number; type: string }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly type: string;
  /** Extra response headers, e.g. `Retry-After` on 503. */
  readonly headers: Readonly<Record<string, string>>;
  /** insufficient_scope only: the scope the caller lacks. */
  readonly scope: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { headers?: Record<string, string>; cause?: unknown; scope?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_TABLE[code].status;
    this.type = ERROR_TABLE[code].type;
    this.headers = options.headers ?? {};
    this.scope = options.scope;
  }
}

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} not found.`);
}

/** Node's socket errors, the PostgreSQL SQLSTATEs of a server going away, and SQLite's locked file. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
  'SQLITE_BUSY',
]);

/** What node-postgres says, without a code, when a connection dies or cannot be made in time. */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|timeout exceeded when trying to connect)/;

/**
 * The database could not be reached (or, on SQLite, stayed locked past the busy timeout): a
 * passing condition the client should retry, not a fault of the request or a bug. SQLSTATE class 08
 * is PostgreSQL's "connection exception".
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causeChain(error).some(({ code, message }) => {
    if (code !== undefined && (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    return UNAVAILABLE_MESSAGES.test(message);
  });
}

/** An error and its causes (at most five deep), each with its string `code` where it has one. */
export function causeChain(
  error: unknown,
): Array<{ error: Error; code: string | undefined; message: string }> {
  const chain = [];
  for (let e: unknown = error; e instanceof Error && chain.length < 5; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    chain.push({ error: e, code: typeof code === 'string' ? code : undefined, message: e.message });
  }
  return chain;
}
