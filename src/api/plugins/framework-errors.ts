import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../../lib/errors.js';
import { newRequestId } from '../../lib/ids.js';
import type { Logger } from '../../lib/logger.js';
import { errorBody } from './errors.js';

/**
 * Requests Fastify refuses before routing (a URL it cannot decode, a path parameter past the
 * router's limit) get the platform's error body and request id like every other answer.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const appError =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError('uri_too_long', 'A path parameter is longer than 1024 characters.')
      : error.code === 'FST_ERR_BAD_URL'
        ? new AppError(
            'bad_request',
            'The URL is not valid: a percent-encoded sequence (%xx) does not decode to UTF-8 text.',
          )
        : new AppError(
            'internal_error',
            'An unexpected error occurred. Quote the RequestId when you contact support.',
          );
  if (appError.status >= 500) request.log.error({ err: error }, 'request failed before routing');
  void reply
    .header('x-request-id', request.id)
    .status(appError.status)
    .send(errorBody(appError.code, appError.message, request.id));
}

/** What Node's HTTP parser could not read, in words a client can act on. */
function describeParseError(error: Error & { code?: string; reason?: string }): {
  code: ErrorCode;
  message: string;
} {
  if (/content-length/i.test(error.reason ?? '') && /transfer-encoding/i.test(error.reason ?? ''))
    return {
      code: 'bad_request',
      message: 'Send either Content-Length or Transfer-Encoding: chunked, not both.',
    };
  switch (error.code ?? '') {
    case 'HPE_HEADER_OVERFLOW':
      return {
        code: 'headers_too_large',
        message: 'The request headers are larger than the server accepts.',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { code: 'request_timeout', message: 'The request was not received in time.' };
    case 'HPE_INVALID_CONTENT_LENGTH':
      return { code: 'bad_request', message: 'The Content-Length header is not a valid length.' };
    case 'HPE_INVALID_CHUNK_SIZE':
    case 'HPE_INVALID_TRANSFER_ENCODING':
      return { code: 'bad_request', message: 'The chunked request body is malformed.' };
    default:
      return { code: 'bad_request', message: 'The HTTP request could not be parsed.' };
  }
}

/**
 * Requests Node's HTTP parser rejects never reach Fastify: the answer is written to the socket
 * here, still as the documented error body with a request id, and the connection is closed.
 */
export function clientErrorHandler(logger: Logger) {
  return (error: Error & { code?: string; reason?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const requestId = newRequestId();
    const { code, message } = describeParseError(error);
    const body = JSON.stringify(errorBody(code, message, requestId));
    const { status } = new AppError(code, message);
    logger.warn({ requestId, parseError: error.code ?? null }, 'malformed HTTP request refused');
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Bad Request'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};
