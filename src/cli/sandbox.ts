import path from 'node:path';
import type { Config } from '../config.js';
import { systemClock } from '../lib/clock.js';
import { createLogger, type Logger, resolveLogFormat } from '../lib/logger.js';
import { resolvePlaidCredentials } from '../plaid/client/credentials.js';
import type { SandboxClient } from '../sandbox/app.js';
import { type SandboxServer, startSandboxServer } from '../sandbox/server.js';
import { configFromFlags, drainOnSignal, printBanner, type ServeFlags } from './runtime.js';

/** The pair the local sandbox accepts: the platform's own Plaid credentials (see resolvePlaidCredentials). */
export function resolveSandboxClient(config: Readonly<Config>): SandboxClient {
  const credentials = resolvePlaidCredentials({ ...config, plaid: { ...config.plaid, env: 'local' } });
  if (!credentials) throw new Error('the local sandbox always has a client pair');
  return credentials;
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
  const logger = createLogger(
    config.logLevel,
    undefined,
    resolveLogFormat(config.ops.logFormat, process.stdout.isTTY === true),
  );
  const { server, client } = await startLocalSandbox(config, logger);
  drainOnSignal(logger, [() => server.close()]);
  printBanner(config, [
    '',
    ...describeSandbox(server, client),
    `  State:           ${path.resolve(config.dataDir, 'sandbox.db')}`,
  ]);
}
