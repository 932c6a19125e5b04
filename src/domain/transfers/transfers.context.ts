import type { AchTransport, SimulatedBank } from '../../ach/index.js';
import type { AchConfig } from '../../config-ach.js';
import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import type { Logger } from '../../lib/logger.js';
import type { PlaidGateway } from '../../plaid/client/plaid-gateway.js';
import type { Db } from '../../store/db.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import type { LinksModule } from '../links/links.module.js';

/** What the transfers domain works with, built once by transfers.module.ts. */
export interface TransfersContext {
  db: Db;
  /** Wall-clock time: when requests happen. The rail's banking time is `railClock` (rail/clock.ts). */
  clock: Clock;
  keyring: Keyring;
  plaid: PlaidGateway;
  logger: Logger;
  accounts: AccountsService;
  resolveLinkedAccount: LinksModule['links']['resolve'];
  ach: AchConfig;
  /** Where files travel to and from the bank. */
  transport: () => AchTransport;
  /** The rail clock's offset as last read, for the simulated bank's (synchronous) clock. */
  railOffset: { ms: number };
  /** The simulated bank, when Linkport runs it (LINKPORT_ACH_BANK=simulated). */
  bank: (() => SimulatedBank) | undefined;
}
