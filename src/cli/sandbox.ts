import path from 'node:path';
import type { Config } from '../config.js';
import { systemClock } from '../lib/clock.js';
import { generateSecret } from '../lib/crypto.js';
import { createLogger, type Logger } from '../lib/logger.js';
import { readOrCreateSecretFile } from '../lib/secret-file.js';
import type { SandboxClient } from '../sandbox/app.js';
import { type SandboxServer, startSandboxServer } from '../sandbox/server.js';
import { configFromFlags, drainOnSignal, type ServeFlags } from './runtime.js';

/**
 * The client id and secret the local sandbox accepts: PLAID_CLIENT_ID/PLAID_SECRET when set, else a
 * pair generated once into the data directory, so the platform and a brand's scripts share it.
 */
export function resolveSandboxClient(config: Readonly<Config>): SandboxClient {
  if (config.plaid.clientId && config.plaid.secret)
    return { clientId: config.plaid.clientId, secret: config.plaid.secret };
  const file = readOrCreateSecretFile(config.dataDir, 'sandbox-client.json', () =>
    JSON.stringify({
      client_id: generateSecret('sandbox_client', 12),
      secret: generateSecret('sandbox_secret', 24),
    }),
  );
  const parsed = JSON.parse(file.value) as { client_id: string; secret: string };
  return { clientId: parsed.client_id, secret: parsed.secret };
}

export async function startLocalSandbox(
  config: Readonly<Config>,
  logger: Logger,
): Promise<{ server: SandboxServer; client: SandboxClient }> {
  const client = resolveSandboxClient(config);
  const server = await startSandboxServer({
    file: path.join(config.dataDir, 'sandbox.db'),
    host: config.host,
    port: config.sandboxPort,
    clock: systemClock,
    logger: logger.child({ component: 'plaid-sandbox' }),
    clients: [client],
  });
  return { server, client };
}

export function describeSandbox(server: SandboxServer, client: SandboxClient): string[] {
  return [
    `  Plaid sandbox:   ${server.url}  (point the plaid client's basePath here)`,
    `    PLAID-CLIENT-ID: ${client.clientId}`,
    `    PLAID-SECRET:    ${client.secret}`,
  ];
}

/** `linkport sandbox`: the Plaid sandbox alone, for a brand's own CI. */
export async function runSandbox(flags: Omit<ServeFlags, 'databaseUrl'>): Promise<void> {
  const config = configFromFlags({ ...flags, port: undefined, sandboxPort: flags.port });
  const logger = createLogger(config.logLevel);
  const { server, client } = await startLocalSandbox(config, logger);
  drainOnSignal(logger, [() => server.close()]);
  console.log(
    [
      '',
      ...describeSandbox(server, client),
      `  State:           ${path.resolve(config.dataDir, 'sandbox.db')}`,
      '',
    ].join('\n'),
  );
}
