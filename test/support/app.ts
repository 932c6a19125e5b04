import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { loadConfig } from '../../src/config.js';
import { buildContainer, type Container, type ContainerOverrides } from '../../src/container.js';
import { createLogger } from '../../src/lib/logger.js';
import type { TestDatabase } from './databases.js';

export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

/** A container on a fresh database of the given kind, with fixed keys and silent logs unless given. */
export async function createTestContainer(
  database: TestDatabase,
  overrides: ContainerOverrides = {},
  env: Record<string, string> = {},
): Promise<Container> {
  const store = await database.open();
  const config = loadConfig({
    DATABASE_URL: store.target.kind === 'sqlite' ? 'sqlite::memory:' : store.target.url,
    LINKPORT_MASTER_KEY: TEST_MASTER_KEY,
    LINKPORT_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    // Each container's bank files in a folder of their own.
    LINKPORT_ACH_DIR: mkdtempSync(path.join(tmpdir(), 'linkport-ach-')),
    ...env,
  });
  const container = await buildContainer(config, {
    logger: createLogger('silent'),
    ...overrides,
    store,
  });
  return container;
}

export interface TestServer {
  container: Container;
  app: FastifyInstance;
  url: string;
  /** Creates a brand through the admin API and returns headers that authenticate as it. */
  createBrand(name?: string): Promise<{ brandId: string; headers: Record<string, string> }>;
  close(): Promise<void>;
}

/** The real API listening on a loopback port: tests talk to it over HTTP. */
export async function startTestServer(
  database: TestDatabase,
  options: {
    overrides?: ContainerOverrides;
    beforeListen?: (app: FastifyInstance) => void;
    app?: Parameters<typeof buildApp>[1];
    /** Settings beside the test defaults (LINKPORT_ACH_TRANSPORT…). */
    env?: Record<string, string>;
  } = {},
): Promise<TestServer> {
  const container = await createTestContainer(database, options.overrides, options.env);
  const app = await buildApp(container, options.app);
  options.beforeListen?.(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    container,
    app,
    url,
    async createBrand(name = 'Acme') {
      const res = await fetch(`${url}/admin/brands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      if (res.status !== 201) throw new Error(`brand creation failed: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { brand_id: string; identity: string; secret: string };
      return {
        brandId: body.brand_id,
        headers: { identity: body.identity, authorization: body.secret, 'content-type': 'application/json' },
      };
    },
    async close() {
      await app.close();
      await container.close();
    },
  };
}
