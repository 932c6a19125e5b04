import { timingSafeEqual } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
} from 'fastify';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { BinaryBody } from './binary-body.js';
import type { Endpoint, SandboxContext } from './endpoint.js';
import { PlaidApiError, plaidErrorBody } from './errors.js';
import { newPlaidRequestId } from './ids.js';
import { assetReportCopyEndpoints } from './routes/asset-report-copies.js';
import { assetReportEndpoints } from './routes/asset-reports.js';
import { identityEndpoints } from './routes/identity.js';
import { institutionEndpoints } from './routes/institutions.js';
import { investmentEndpoints } from './routes/investments.js';
import { itemImportEndpoints } from './routes/item-import.js';
import { itemEndpoints } from './routes/items.js';
import { liabilityEndpoints } from './routes/liabilities.js';
import { linkEndpoints } from './routes/link.js';
import { linkSessionEndpoints } from './routes/link-session.js';
import { registerLinkAssets } from './link-assets.js';
import { processorEndpoints } from './routes/processor.js';
import { recurringEndpoints } from './routes/recurring.js';
import { signalEndpoints } from './routes/signal.js';
import { transactionChangeEndpoints } from './routes/transaction-changes.js';
import { transactionEndpoints } from './routes/transactions.js';
import { webhookEndpoints } from './routes/webhooks.js';
import type { SandboxState } from './state.js';
import { JsonBody } from './wire.js';

export interface SandboxClient {
  clientId: string;
  secret: string;
}

export interface SandboxAppOptions {
  state: SandboxState;
  clock: Clock;
  logger: Logger | false;
  /** The client id and secret pairs the sandbox accepts. */
  clients: readonly SandboxClient[];
}

const BODY_LIMIT_BYTES = 1024 * 1024;

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Credentials come from the body (`client_id`, `secret`) or the headers (`PLAID-CLIENT-ID`,
 * `PLAID-SECRET`); when both are given the body wins (Plaid leaves this undocumented).
 */
function authenticate(request: FastifyRequest, clients: readonly SandboxClient[]): string {
  const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
    string,
    unknown
  >;
  const clientId =
    typeof body.client_id === 'string' ? body.client_id : headerValue(request, 'plaid-client-id');
  const secret = typeof body.secret === 'string' ? body.secret : headerValue(request, 'plaid-secret');
  const missing = [clientId === undefined && 'client_id', secret === undefined && 'secret'].filter(Boolean);
  if (missing.length > 0) throw new PlaidApiError('MISSING_FIELDS', { fields: missing.join(', ') });
  const client = clients.find((c) => c.clientId === clientId);
  if (!client || secret === undefined || !sameSecret(client.secret, secret))
    throw new PlaidApiError('INVALID_API_KEYS');
  return client.clientId;
}

function toPlaidError(error: FastifyError): PlaidApiError {
  if (error instanceof PlaidApiError) return error;
  if (error.statusCode !== undefined && error.statusCode < 500) return new PlaidApiError('INVALID_BODY');
  return new PlaidApiError('INTERNAL_SERVER_ERROR');
}

/** Every Plaid endpoint the sandbox serves (its README lists the same). */
export const SANDBOX_ENDPOINTS: readonly Endpoint[] = [
  ...linkEndpoints,
  ...itemEndpoints,
  ...processorEndpoints,
  ...institutionEndpoints,
  ...webhookEndpoints,
  ...identityEndpoints,
  ...transactionEndpoints,
  ...recurringEndpoints,
  ...transactionChangeEndpoints,
  ...linkSessionEndpoints,
  ...signalEndpoints,
  ...investmentEndpoints,
  ...liabilityEndpoints,
  ...assetReportEndpoints,
  ...assetReportCopyEndpoints,
  ...itemImportEndpoints,
];

/** Plaid's API, served locally: every endpoint is a POST with a JSON body, every answer has a request_id. */
export async function buildSandboxApp(options: SandboxAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger === false
      ? { logger: false }
      : // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- pino's Logger vs Fastify's logger type
        { loggerInstance: options.logger as FastifyBaseLogger }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => newPlaidRequestId(),
    // plaid-node joins basePath and path as strings, so a trailing slash in basePath yields `//path`.
    routerOptions: { ignoreDuplicateSlashes: true },
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    // The sandbox logs only failures, each with its request id; a child logger per request is waste.
    childLoggerFactory: (logger) => logger,
  });
  acceptJsonOnly(app);
  answerErrorsAsPlaid(app);
  registerLinkAssets(app);
  for (const endpoint of SANDBOX_ENDPOINTS) registerEndpoint(app, endpoint, options);
  return app;
}

/** Only JSON is a body; Plaid answers anything else as INVALID_BODY. */
function acceptJsonOnly(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string) as unknown);
    } catch {
      done(new PlaidApiError('INVALID_BODY'), undefined);
    }
  });
  app.addContentTypeParser('*', (_request, _payload, done) =>
    done(new PlaidApiError('INVALID_BODY'), undefined),
  );
}

/** Failures and unknown paths answer Plaid's error body; only server-side failures are logged. */
function answerErrorsAsPlaid(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const plaidError = toPlaidError(error);
    if (plaidError.status >= 500)
      request.log.error({ err: error, requestId: request.id }, 'sandbox request failed');
    void reply.status(plaidError.status).send(plaidErrorBody(plaidError, request.id));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const note = `: the local Linkport sandbox does not serve ${request.method} ${path} (its README lists the endpoints it serves)`;
    void reply.status(404).send(plaidErrorBody(new PlaidApiError('NOT_FOUND', {}, note), request.id));
  });
}

function registerEndpoint(app: FastifyInstance, endpoint: Endpoint, options: SandboxAppOptions): void {
  app.post(endpoint.path, async (request, reply) => {
    if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) {
      throw new PlaidApiError('INVALID_BODY');
    }
    const ctx: SandboxContext = {
      state: options.state,
      clientId: endpoint.auth === 'link_token' ? '' : authenticate(request, options.clients),
      now: options.clock.now(),
      requestId: request.id,
    };
    const body = await endpoint.handle(request.body, ctx);
    if (body instanceof BinaryBody) {
      return reply.type(body.contentType).header('Plaid-Request-ID', request.id).send(body.bytes);
    }
    if (body instanceof JsonBody) {
      // Request ids are alphanumeric: nothing to escape.
      return reply
        .type('application/json; charset=utf-8')
        .send(`${body.json.slice(0, -1)},"request_id":"${request.id}"}`);
    }
    return { ...body, request_id: request.id };
  });
}
