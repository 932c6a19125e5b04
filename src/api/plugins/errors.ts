import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AppError,
  causeChain,
  ERROR_TABLE,
  type ErrorCode,
  isDatabaseUnavailable,
} from '../../lib/errors.js';

/** The one error body of every platform route (seed 001), plus the request id. */
export const errorBodySchema = z
  .object({
    Message: z.string(),
    Status: z.number().int(),
    Code: z.string(),
    Type: z.string(),
    RequestId: z.string(),
    Scope: z
      .string()
      .optional()
      .describe('On a 403 insufficient_scope only: the scope the API key lacks (an area, or `write`).'),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof errorBodySchema>;

export function errorBody(code: ErrorCode, message: string, requestId: string, scope?: string): ErrorBody {
  const { status, type } = ERROR_TABLE[code];
  const body: ErrorBody = { Message: message, Status: status, Code: code, Type: type, RequestId: requestId };
  return scope === undefined ? body : { ...body, Scope: scope };
}

/** Response schemas for the errors a route can answer, for the OpenAPI document. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorBodySchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorBodySchema]));
}

interface ValidationIssue {
  instancePath: string;
  message?: string | undefined;
  keyword: string;
  params: Record<string, unknown>;
}

function describeIssue(issue: ValidationIssue, context: string): string[] {
  const base = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const keys = issue.params.keys;
  if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
    return keys.map((key) => `${base ? `${base}.` : ''}${String(key)}: is not a known field`);
  }
  const message = (issue.message ?? 'is invalid').replace(
    /^Invalid input: expected .*, received undefined$/,
    'is required',
  );
  return [`${base || context}: ${message}`];
}

export function validationMessage(issues: ValidationIssue[], context: string | undefined): string {
  const where =
    context === 'querystring' ? 'query parameter' : context === 'params' ? 'path parameter' : 'field';
  const parts = issues.flatMap((issue) => describeIssue(issue, context ?? 'body'));
  return `Invalid request ${where}${parts.length > 1 ? 's' : ''}: ${parts.join('; ')}`;
}

/** Seconds a client is told to wait when the database is unreachable. */
const DATABASE_RETRY_AFTER_SEC = 2;

function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation as ValidationIssue[];
    return new AppError('validation_error', validationMessage(issues, error.validationContext));
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('malformed_json', 'Request body is not valid JSON.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_json', 'Request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'Request body is larger than the 1 MiB limit.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(
        'unsupported_media_type',
        'Send the request body as JSON with Content-Type: application/json.',
      );
  }
  if (isDatabaseUnavailable(error))
    return new AppError('unavailable', 'The database is unreachable; retry shortly. Nothing was changed.', {
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_SEC) },
      cause: error,
    });
  // Any other 4xx Fastify raises (bad content length, and the like) keeps its status, in our body.
  if (error.statusCode === 400 || error.statusCode === 411)
    return new AppError('validation_error', error.message);
  return new AppError(
    'internal_error',
    'An unexpected error occurred. Quote the RequestId when you contact support.',
    {
      cause: error,
    },
  );
}

/** `onError` hears every error answer's code (for the metrics). */
/**
 * What failed underneath an error, for the log: the code (ECONNREFUSED, 57P01…) or else the message
 * of the first error in its cause chain that is not ours (a driver's or a socket's; never the request).
 */
function causeOf(error: unknown): string | undefined {
  const underneath = causeChain(error).find((link) => !(link.error instanceof AppError));
  return underneath && (underneath.code ?? underneath.message.slice(0, 200));
}

export function registerErrorHandling(
  app: FastifyInstance,
  onError: (code: ErrorCode) => void = () => {},
): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    onError(appError.code);
    // A dependency that is down (the database, Plaid) is a warning per request, not a stack trace each;
    // the cause says which, and nothing of the request is logged.
    if (appError.code === 'unavailable')
      request.log.warn({ reason: appError.message, cause: causeOf(error) }, 'request failed: unavailable');
    else if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    reply
      .headers(appError.headers)
      .status(appError.status)
      .send(errorBody(appError.code, appError.message, request.id, appError.scope));
  });
  app.setNotFoundHandler((request, reply) => {
    onError('not_found');
    reply
      .status(404)
      .send(errorBody('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`, request.id));
  });
}
