import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Container } from '../container.js';
import type { BrandCredentials } from '../domain/brands/brands.types.js';
import { countBrands } from '../store/brands.store.js';
import { drainOnSignal, openMigrated, type ServeFlags, startApi, startWorker } from './runtime.js';

/** First start on an empty database: a demo brand, its credentials kept (0600) in the data directory. */
async function ensureDemoBrand(container: Container): Promise<BrandCredentials | undefined> {
  if ((await countBrands(container.store.db)) > 0) return undefined;
  const created = await container.brands.create({ name: 'Demo Brand' });
  const file = path.join(container.config.dataDir, 'demo-brand.json');
  writeFileSync(
    file,
    `${JSON.stringify({ brand_id: created.brand.id, identity: created.identity, secret: created.secret }, null, 2)}\n`,
    {
      mode: 0o600,
    },
  );
  return created;
}

function printBanner(container: Container, url: string, demo: BrandCredentials | undefined): void {
  const lines = [
    '',
    `  Linkport is running at ${url}`,
    `  API reference:   ${url}/docs`,
    `  Health:          ${url}/healthz`,
    `  Data:            ${container.store.location} (data directory ${path.resolve(container.config.dataDir)})`,
    `  Plaid:           ${container.config.plaid.env}`,
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
  console.log(`${lines.join('\n')}\n`);
}

export async function runStart(flags: ServeFlags): Promise<void> {
  const container = await openMigrated(flags);
  const demo = await ensureDemoBrand(container);
  const { app, url } = await startApi(container);
  const worker = startWorker(container);
  drainOnSignal(container, { app, worker });
  printBanner(container, url, demo);
}

export async function runApi(flags: ServeFlags): Promise<void> {
  const container = await openMigrated(flags);
  const { app, url } = await startApi(container);
  drainOnSignal(container, { app });
  container.logger.info({ url }, 'api listening');
}

export async function runWorker(flags: ServeFlags): Promise<void> {
  const container = await openMigrated(flags);
  drainOnSignal(container, { worker: startWorker(container) });
  container.logger.info('worker started');
}
