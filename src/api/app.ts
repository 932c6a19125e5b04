import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../container.js';
import { newRequestId } from '../lib/ids.js';
import { brandAccess } from './plugins/auth.js';
import type { ApiArea } from '../domain/access/scopes.js';
import type { FastifyPluginAsync } from 'fastify';
import { registerErrorHandling } from './plugins/errors.js';
import { clientErrorHandler, frameworkErrorHandler } from './plugins/framework-errors.js';
import { registerInputGuard } from './plugins/input-guard.js';
import { registerOpenApi } from './plugins/openapi.js';
import { deferredRequestLogger } from './plugins/request-logger.js';
import { documentRateLimit, rateLimitHook } from './plugins/rate-limit.js';
import { adminMoneyRoutes } from './routes/admin/admin-money.routes.js';
import { adminRoutes } from './routes/admin/admin.routes.js';
import { adminAccessRoutes } from './routes/admin/admin-access.routes.js';
import { apiKeyRoutes } from './routes/access/api-keys.routes.js';
import { auditRoutes } from './routes/access/audit.routes.js';
import { healthRoutes } from './routes/health/health.routes.js';
import { metricsRoutes } from './routes/metrics/metrics.routes.js';
import { registerOwnerRoutes } from './routes/owners/owners.routes.js';
import { plaidWebhookRoutes } from './routes/webhooks/plaid-webhooks.routes.js';
import { type DemoOptions, registerDemo } from './routes/demo/demo.routes.js';
import { eventRoutes } from './routes/events/events.routes.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints/webhook-endpoints.routes.js';
import { insightRoutes } from './routes/insights/insights.routes.js';
import { accountRoutes } from './routes/accounts/accounts.routes.js';
import { sandboxAchRoutes } from './routes/transfers/sandbox-ach.routes.js';
import { transferRoutes } from './routes/transfers/transfers.routes.js';
import { externalAccountRoutes } from './routes/links/external-accounts.routes.js';
import { heldItemRoutes } from './routes/links/held-items.routes.js';
import { ownerLinkRoutes } from './routes/links/owner-links.routes.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

/** Fastify with the platform's options: request ids, one log line per request, errors in our body. */
function createFastify(container: Container) {
  return Fastify({
    // pino's Logger and Fastify's logger type differ only in generics; the cast keeps one instance type.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: container.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    // Long path ids reach the route's schema and get its 400 naming the parameter, not Fastify's 414.
    routerOptions: { maxParamLength: 1024 },
    requestIdHeader: false,
    // A caller's own request id is kept when it looks like one, so traces join up across services.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : newRequestId();
    },
    // One line per request, from the onResponse hook below, with the route pattern rather than the raw URL.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    childLoggerFactory: deferredRequestLogger,
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler: clientErrorHandler(container.logger),
  }).withTypeProvider<ZodTypeProvider>();
}

type PlatformApp = ReturnType<typeof createFastify>;

/** JSON only; an empty body is no body. */
function registerParsers(app: PlatformApp): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The platform speaks JSON only; a text body is a 415, not a confusing type error.
  app.removeContentTypeParser('text/plain');
  // HTTP clients often send Content-Type: application/json on every call: an empty body is no body
  // (a route that needs one says which fields are required), not a parse error. Everything else
  // parses as Fastify's own (poisoning-safe) parser does.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') {
      done(null, undefined);
      return;
    }
    void parseJson(request, body as string, done);
  });
}

/** Callback-style hooks: these run on every request, and skip the promise an async hook costs. */
function registerHooks(app: PlatformApp, container: Container): void {
  const { metrics } = container;
  app.decorateRequest('tenant', null);
  app.decorateRequest('access', null);
  app.decorateRequest('operator', null);
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const line = {
      method: request.method,
      url: request.routeOptions.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    request.log.info(line, 'request');
    metrics.observeRequest(request.method, line.url ?? '(unmatched)', line.status, reply.elapsedTime / 1000);
    done();
  });
}

/**
 * Routes that take the brand's credentials, by area: one onRequest hook each checks the key, the
 * brand's rate limit (when set) and the area's scope, in that order.
 */
async function registerBrandRoutes(app: PlatformApp, container: Container): Promise<void> {
  const { idempotency, links, transfers } = container;
  const limit = container.rateLimiter && rateLimitHook(container.rateLimiter);
  await app.register(async (brandScope) => {
    brandScope.addHook('onRoute', documentRateLimit);
    const area = (name: ApiArea, routes: FastifyPluginAsync) =>
      brandScope.register(async (scope) => {
        scope.addHook('onRequest', brandAccess(container.access.auth, name, limit));
        await scope.register(routes);
      });
    await area('owners', registerOwnerRoutes(container.owners));
    await area('owners', accountRoutes(container.accounts, transfers));
    await area('links', externalAccountRoutes(links, idempotency));
    await area('links', heldItemRoutes(links, idempotency));
    await area('links', ownerLinkRoutes(links, idempotency));
    await area('webhooks', eventRoutes(container.events));
    await area('webhooks', webhookEndpointRoutes(container.webhooks));
    await area('insights', insightRoutes(container.insights, idempotency));
    await area('transfers', transferRoutes(transfers, idempotency));
    if (transfers.sandbox.simulated) await area('transfers', sandboxAchRoutes(transfers));
    await area('api_keys', apiKeyRoutes(container.access));
    await area('audit_log', auditRoutes(container.access.audit));
  });
}

/** Builds the platform API; the caller decides whether and where it listens. */
export async function buildApp(
  container: Container,
  options: { demo?: DemoOptions } = {},
): Promise<FastifyInstance> {
  const app = createFastify(container);
  registerParsers(app);
  registerHooks(app, container);
  registerErrorHandling(app, (code) => container.metrics.countError(code));
  registerInputGuard(app);
  await registerOpenApi(app);
  await app.register(healthRoutes(() => container.ready()));
  // With a listener of its own (LINKPORT_METRICS_LISTEN), /metrics is not on the API's port at all.
  if (!container.config.ops.metricsListen)
    await app.register(
      metricsRoutes(container.metrics, { kind: 'admin', adminTokens: container.access.adminTokens }),
    );
  await app.register(adminRoutes(container.brands, container.access));
  await app.register(adminAccessRoutes(container.access));
  await app.register(adminMoneyRoutes(container.transfers, container.access.adminTokens));
  if (options.demo) {
    const demo = options.demo;
    await app.register(async (scope) => registerDemo(scope, demo));
  }
  await app.register(plaidWebhookRoutes(container.links.plaidWebhooks));
  await registerBrandRoutes(app, container);
  return app;
}
