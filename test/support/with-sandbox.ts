import { createPlaidGateway, type PlaidGateway } from '../../src/plaid/client/plaid-gateway.js';
import { type SandboxHarness, startSandbox, TEST_CLIENT } from '../../src/sandbox/sandbox.test-helper.js';
import { startTestServer, type TestServer } from './app.js';
import type { TestDatabase } from './databases.js';

export type Json = Record<string, unknown>;

export interface SandboxedServer {
  sandbox: SandboxHarness;
  server: TestServer;
  /** Set `down` and Linkport reaches Plaid at a port nothing listens on. */
  plaid: { down: boolean };
  /** One request to the API, its JSON body parsed. */
  send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; headers: Headers; body: Json }>;
  close(): Promise<void>;
}

/** Linkport's API over HTTP with the built-in sandbox as its Plaid, Plaid's webhooks coming back to it. */
export async function startWithSandbox(
  database: TestDatabase,
  env: Record<string, string> = {},
): Promise<SandboxedServer> {
  const sandbox = await startSandbox();
  const switch_ = { down: false };
  const live = createPlaidGateway(sandbox.url, () => TEST_CLIENT);
  const dead = createPlaidGateway('http://127.0.0.1:9', () => TEST_CLIENT);
  // Every call goes to whichever Plaid is current.
  const plaid = new Proxy({} as PlaidGateway, {
    get: (_, method: keyof PlaidGateway) => (switch_.down ? dead : live)[method],
  });
  const server: TestServer = await startTestServer(database, {
    overrides: { plaid, webhookUrl: () => `${server.url}/webhooks/plaid` },
    env,
  });
  return {
    sandbox,
    server,
    plaid: switch_,
    async send(method, path, headers, body) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
    },
    async close() {
      await server.close();
      await sandbox.close();
    },
  };
}
