import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DemoWebhookEndpoint } from '../api/routes/demo/demo-webhooks.routes.js';
import type { Container } from '../container.js';
import type { BrandCredentials } from '../domain/brands/brands.types.js';
import { AppError } from '../lib/errors.js';
import { countBrands } from '../store/brands.store.js';

/**
 * The demo brand's own records, kept (0600) in `demo-brand.json` in the data directory: its
 * credentials, and its webhook endpoint's id and signing secret (shown once by Linkport, so the
 * brand keeps it, as any brand would).
 */
export interface DemoBrandFile {
  brand_id: string;
  identity: string;
  secret: string;
  webhook_endpoint_id?: string;
  webhook_secret?: string;
}

const fileOf = (dataDir: string) => path.join(dataDir, 'demo-brand.json');

function writeDemoBrand(dataDir: string, record: DemoBrandFile): void {
  writeFileSync(fileOf(dataDir), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

/** First start on an empty database: a demo brand, its credentials kept in the data directory. */
export async function ensureDemoBrand(container: Container): Promise<BrandCredentials | undefined> {
  if ((await countBrands(container.store.db)) > 0) return undefined;
  const created = await container.brands.create({ name: 'Demo Brand' });
  // The demo brand links accounts from its processor tokens out of the box.
  await container.brands.setPlaidIntegration(created.brand.id, true);
  writeDemoBrand(container.config.dataDir, {
    brand_id: created.brand.id,
    identity: created.identity,
    secret: created.secret,
  });
  return created;
}

/** The demo brand's records, kept in the data directory at its first start. */
export function readDemoBrand(dataDir: string): DemoBrandFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as Partial<DemoBrandFile>;
    return typeof parsed.brand_id === 'string' &&
      typeof parsed.identity === 'string' &&
      typeof parsed.secret === 'string'
      ? (parsed as DemoBrandFile)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The demo brand's backend as its own webhook endpoint (`<url>/demo/webhooks`): registered at the
 * first start, pointed at the current address when the port changed, registered again if it was
 * deleted. Its secret is kept beside the brand's credentials.
 */
export async function ensureDemoWebhookEndpoint(
  container: Container,
  demo: DemoBrandFile,
  url: string,
): Promise<DemoWebhookEndpoint> {
  const tenant = { brandId: demo.brand_id };
  const target = `${url}/demo/webhooks`;
  const known =
    demo.webhook_endpoint_id && demo.webhook_secret
      ? await container.webhooks.endpoints.get(tenant, demo.webhook_endpoint_id).catch((err: unknown) => {
          if (err instanceof AppError && err.status === 404) return undefined;
          throw err;
        })
      : undefined;
  if (known && demo.webhook_secret) {
    if (known.url !== target) await container.webhooks.endpoints.update(tenant, known.id, { url: target });
    return { endpointId: known.id, secret: demo.webhook_secret };
  }
  const { endpoint, secret } = await container.webhooks.endpoints.create(tenant, {
    url: target,
    description: 'The demo brand app (its Webhooks tab)',
  });
  writeDemoBrand(container.config.dataDir, {
    ...demo,
    webhook_endpoint_id: endpoint.id,
    webhook_secret: secret,
  });
  return { endpointId: endpoint.id, secret };
}
