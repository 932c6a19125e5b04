import type { Queue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import type { Logger } from '../../lib/logger.js';
import type { PlaidGateway } from '../../plaid/client/plaid-gateway.js';
import type { Db } from '../../store/db.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { InstitutionDirectory } from './institutions.js';

/** What the linking domain works with, built once by links.module.ts. */
export interface LinksContext {
  db: Db;
  clock: Clock;
  keyring: Keyring;
  plaid: PlaidGateway;
  logger: Logger;
  queue: Queue;
  accounts: Pick<AccountsService, 'requireOwner' | 'ownerRef' | 'resolveForLink'>;
  institutions: InstitutionDirectory;
  /** Where Plaid sends the webhooks of the tokens and Items Linkport links. */
  webhookUrl: () => string;
  /** Plaid's Link customization (Account Select in one or several accounts), when set. */
  linkCustomizationName?: string | undefined;
  /** Whether Plaid is a sandbox (built-in or Plaid's), where a brand may break its Items to test. */
  sandbox: boolean;
  /** Other areas' handlers of verified Plaid webhooks (insights: new transactions); each says how many things it moved. */
  webhookListeners?: readonly ((body: unknown) => Promise<number>)[];
}
