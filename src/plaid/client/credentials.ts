import type { Config } from '../../config.js';
import { generateSecret } from '../../lib/crypto.js';
import { readOrCreateSecretFile } from '../../lib/secret-file.js';

export interface PlaidCredentials {
  clientId: string;
  secret: string;
}

/**
 * The client id and secret Linkport calls Plaid with: PLAID_CLIENT_ID/PLAID_SECRET when set; for the
 * built-in sandbox (PLAID_ENV=local) without them, a pair generated once into the data directory,
 * which the sandbox accepts and a brand's scripts can read. Real Plaid without keys has none.
 */
export function resolvePlaidCredentials(config: Readonly<Config>): PlaidCredentials | undefined {
  if (config.plaid.clientId && config.plaid.secret)
    return { clientId: config.plaid.clientId, secret: config.plaid.secret };
  if (config.plaid.env !== 'local') return undefined;
  const file = readOrCreateSecretFile(config.dataDir, 'sandbox-client.json', () =>
    JSON.stringify({
      client_id: generateSecret('sandbox_client', 12),
      secret: generateSecret('sandbox_secret', 24),
    }),
  );
  const parsed = JSON.parse(file.value) as { client_id: string; secret: string };
  return { clientId: parsed.client_id, secret: parsed.secret };
}
