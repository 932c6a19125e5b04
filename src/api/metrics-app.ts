import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Metrics } from '../lib/metrics.js';
import { registerErrorHandling } from './plugins/errors.js';
import { metricsRoutes } from './routes/metrics/metrics.routes.js';

/**
 * The listener of LINKPORT_METRICS_LISTEN: `/metrics` alone, without credentials, on an address the
 * operator keeps private (a loopback or internal interface Prometheus reaches). No request logs.
 */
export async function buildMetricsApp(metrics: Metrics): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  await app.register(metricsRoutes(metrics, { kind: 'open' }));
  return app;
}
