import type { Clock } from '../../lib/clock.js';
import type { Keyring } from '../../lib/crypto.js';
import type { Db } from '../../store/db.js';
import type { UrlPolicy } from '../../webhooks/url-guard.js';

/** What the webhook endpoints area works with. */
export interface WebhooksContext {
  db: Db;
  clock: Clock;
  keyring: Keyring;
  policy: UrlPolicy;
}
