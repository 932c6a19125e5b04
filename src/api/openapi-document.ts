import { loadConfig } from '../config.js';
import { buildContainer } from '../container.js';
import { buildApp } from './app.js';

/** Where the committed copy lives; CI fails when it drifts from the routes. */
export const OPENAPI_DOCUMENT_PATH = 'docs/openapi.json';

/** The OpenAPI document exactly as /openapi.json serves it, built on a throwaway in-memory database. */
export async function renderOpenApiDocument(): Promise<string> {
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    LINKPORT_MASTER_KEY: Buffer.alloc(32).toString('base64'),
    LINKPORT_ADMIN_TOKEN: 'x'.repeat(32),
    LOG_LEVEL: 'silent',
  });
  const container = await buildContainer(config);
  try {
    const app = await buildApp(container);
    await app.ready();
    const document = JSON.stringify(app.swagger(), null, 2);
    await app.close();
    return `${document}\n`;
  } finally {
    await container.close();
  }
}
