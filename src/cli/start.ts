import path from 'node:path';
import type { DemoWebhookEndpoint } from '../api/routes/demo/demo-webhooks.routes.js';
import type { Container } from '../container.js';
import type { BrandCredentials } from '../domain/brands/brands.types.js';
import { ensureDemoBrand, ensureDemoWebhookEndpoint, readDemoBrand } from './demo-brand.js';
import { describeSandbox, startLocalSandbox } from './sandbox.js';
import {
  drainOnSignal,
  openMigrated,
  printBanner,
  type ServeFlags,
  startApi,
  startMetricsListener,
  startWorker,
} from './runtime.js';

function printStartBanner(
  container: Container,
  url: string,
  demo: BrandCredentials | undefined,
  sandbox: string[],
): void {
  const lines = [
    '',
    `  Linkport is running at ${url}`,
    `  API reference:   ${url}/docs`,
    `  Health:          ${url}/healthz`,
    ...(container.config.plaid.env === 'local' ? [`  Demo brand app:  ${url}/demo`] : []),
    `  Data:            ${container.store.location} (data directory ${path.resolve(container.config.dataDir)})`,
    `  Plaid:           ${container.config.plaid.env} (${container.config.plaid.baseUrl})`,
    ...sandbox,
  ];
  if (demo) {
    lines.push(
      '',
      '  Created a demo brand. Its credentials (shown once; also saved in demo-brand.json in the data directory):',
      `    Identity:      ${demo.identity}`,
      `    Authorization: ${demo.secret}`,
      '',
      `  Try: curl -s ${url}/api/v0.1/customers -H 'Identity: ${demo.identity}' -H 'Authorization: ${demo.secret}'`,
    );
  }
  printBanner(container.config, lines);
}

export async function runStart(flags: ServeFlags): Promise<void> {
  const container = await openMigrated(flags, 'start');
  const demo = await ensureDemoBrand(container);
  const local =
    container.config.plaid.env === 'local'
      ? await startLocalSandbox(container.config, container.logger)
      : undefined;
  const demoBrand = readDemoBrand(container.config.dataDir);
  let demoEndpoint: DemoWebhookEndpoint | undefined;
  const { app, url } = await startApi(container, {
    ...(local && demoBrand
      ? {
          demo: {
            brand: demoBrand,
            plaidBaseUrl: container.config.plaid.baseUrl,
            plaidCredentials: local.client,
            apiUrl: () => container.config.publicUrl,
            webhookEndpoint: () => demoEndpoint,
          },
        }
      : {}),
  });
  if (local && demoBrand) demoEndpoint = await ensureDemoWebhookEndpoint(container, demoBrand, url);
  const worker = startWorker(container);
  const metrics = await startMetricsListener(container);
  drainOnSignal(
    container.logger,
    [() => app.close(), () => worker.stop(), ...metrics, ...(local ? [() => local.server.close()] : [])],
    [() => container.close()],
  );
  printStartBanner(container, url, demo, local ? describeSandbox(local.server, local.client) : []);
}

export async function runApi(flags: ServeFlags): Promise<void> {
  const container = await openMigrated(flags, 'api');
  const { app, url } = await startApi(container);
  const metrics = await startMetricsListener(container);
  drainOnSignal(container.logger, [() => app.close(), ...metrics], [() => container.close()]);
  container.logger.info({ url }, 'api listening');
}

export async function runWorker(flags: ServeFlags): Promise<void> {
  const container = await openMigrated(flags, 'worker');
  const worker = startWorker(container);
  const metrics = await startMetricsListener(container);
  drainOnSignal(container.logger, [() => worker.stop(), ...metrics], [() => container.close()]);
  container.logger.info('worker started');
}
