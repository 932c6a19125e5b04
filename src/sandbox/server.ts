import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { buildSandboxApp, type SandboxClient } from './app.js';
import { openSandboxState } from './state.js';
import { startWebhookDelivery } from './webhooks.js';

export interface SandboxServerOptions {
  /** The sandbox database: a file (state survives restarts) or `:memory:`. */
  file: string;
  host: string;
  port: number;
  clock: Clock;
  logger: Logger;
  clients: readonly SandboxClient[];
}

export interface SandboxServer {
  url: string;
  /** Stops accepting, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const state = await openSandboxState(options.file, options.clock);
  const app = await buildSandboxApp({
    state,
    clock: options.clock,
    logger: options.logger,
    clients: options.clients,
  });
  try {
    const url = await app.listen({ port: options.port, host: options.host });
    const stopDelivery = startWebhookDelivery(state);
    return {
      url,
      async close() {
        await app.close();
        await stopDelivery();
        await state.close();
      },
    };
  } catch (err) {
    await state.close();
    throw err;
  }
}
