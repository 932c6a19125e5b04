import type { Migration } from 'kysely';
import type { Dialect } from '../db.js';
import { foundation } from './0001_foundation.js';
import { externalAccounts } from './0002_external_accounts.js';
import { tokenFingerprints } from './0003_token_fingerprints.js';
import { hostedLinking } from './0004_hosted_linking.js';
import { exactlyOnce } from './0005_exactly_once.js';
import { webhooks } from './0006_webhooks.js';
import { insights } from './0007_insights.js';
import { transfers } from './0008_transfers.js';
import { rateLimits } from './0009_rate_limits.js';
import { keyMaterial } from './0010_key_material.js';
import { access } from './0011_access.js';

/** Every migration, in order. Names are permanent: never rename or edit one that has shipped. */
export function listMigrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_foundation': foundation(dialect),
    '0002_external_accounts': externalAccounts(dialect),
    '0003_token_fingerprints': tokenFingerprints(),
    '0004_hosted_linking': hostedLinking(dialect),
    '0005_exactly_once': exactlyOnce(dialect),
    '0006_webhooks': webhooks(dialect),
    '0007_insights': insights(dialect),
    '0008_transfers': transfers(dialect),
    '0009_rate_limits': rateLimits(dialect),
    '0010_key_material': keyMaterial(dialect),
    '0011_access': access(dialect),
  };
}
