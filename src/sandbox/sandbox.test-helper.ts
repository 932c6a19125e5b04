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
