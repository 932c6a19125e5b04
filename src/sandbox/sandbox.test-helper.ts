import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Configuration, PlaidApi } from 'plaid';
import { createManualClock, type ManualClock } from '../lib/clock.js';
import { buildSandboxApp, type SandboxClient } from './app.js';
import { openSandboxState, type SandboxState } from './state.js';

export const TEST_CLIENT: SandboxClient = { clientId: 'test_client_id', secret: 'test_secret_0123456789' };

export interface SandboxHarness {
  url: string;
  clock: ManualClock;
  state: SandboxState;
  app: FastifyInstance;
  /** The official client, configured the way Plaid documents it. */
  plaid: PlaidApi;
  clientFor(headers: Record<string, string>): PlaidApi;
  close(): Promise<void>;
}

export function plaidClient(basePath: string, headers: Record<string, string>): PlaidApi {
  return new PlaidApi(new Configuration({ basePath, baseOptions: { headers } }));
}

/** The sandbox on a loopback port with a fresh database (in memory unless a file is given). */
export async function startSandbox(
  options: { file?: string; clock?: ManualClock } = {},
): Promise<SandboxHarness> {
  const clock = options.clock ?? createManualClock(new Date());
  const state = await openSandboxState(options.file ?? ':memory:', clock);
  const app = await buildSandboxApp({ state, clock, logger: false, clients: [TEST_CLIENT] });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const credentials = {
    'PLAID-CLIENT-ID': TEST_CLIENT.clientId,
    'PLAID-SECRET': TEST_CLIENT.secret,
    'Plaid-Version': '2020-09-14',
  };
  return {
    url,
    clock,
    state,
    app,
    plaid: plaidClient(url, credentials),
    clientFor: (headers) => plaidClient(url, headers),
    async close() {
      await app.close();
      await state.close();
    },
  };
}

/** The Plaid error a call failed with, as a brand's code reads it from the axios error. */
export async function plaidError(
  call: Promise<unknown>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await call;
  } catch (err) {
    const response = (err as { response?: { status: number; data: Record<string, unknown> } }).response;
    if (response) return { status: response.status, body: response.data };
    throw err;
  }
  throw new Error('expected the call to fail');
}

export interface Received {
  body: Record<string, unknown>;
  raw: string;
  verification: string;
}

/** A brand's webhook endpoint: answers with the next queued status (200 when none). */
export async function startReceiver(): Promise<{
  url: string;
  received: Received[];
  statuses: number[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      received.push({
        raw,
        body: JSON.parse(raw) as Record<string, unknown>,
        verification: String(req.headers['plaid-verification']),
      });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/plaid`,
    received,
    statuses,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
