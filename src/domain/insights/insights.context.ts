import type { Queue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import type { Logger } from '../../lib/logger.js';
import type { PlaidGateway } from '../../plaid/client/plaid-gateway.js';
import type { Db } from '../../store/db.js';
import type { InsightsEngine } from './insights.types.js';

/** What the insights domain works with, built once by insights.module.ts. */
export interface InsightsContext {
  db: Db;
  clock: Clock;
  keyring: Keyring;
  plaid: PlaidGateway;
  queue: Queue;
  logger: Logger;
  engine: InsightsEngine;
  /** Where Plaid sends the processor token's webhooks (SYNC_UPDATES_AVAILABLE). */
  webhookUrl: () => string;
}
