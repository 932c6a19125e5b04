import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { Db } from '../../store/db.js';
import type { Tenant } from '../tenant.js';
import { createAdminTokens } from './admin-tokens.js';
import {
  type ApiKeysContext,
  createApiKey,
  listBrandApiKeys,
  type NewApiKey,
  revokeBrandApiKey,
} from './api-keys.js';
import { createAuditService } from './audit.js';
import { createKeyAuthenticator } from './key-auth.js';
import type { KeyAccess } from './scopes.js';

/** Who may call: brands' API keys (with scopes), operators' admin tokens, and the audit trail. */
export function createAccessModule(deps: { db: Db; clock: Clock; logger: Logger; adminToken: string }) {
  const auth = createKeyAuthenticator(deps);
  const ctx: ApiKeysContext = { db: deps.db, clock: deps.clock, auth };
  return {
    auth,
    keys: {
      create: (tenant: Tenant, input: NewApiKey, grantor: KeyAccess | null) =>
        createApiKey(ctx, tenant, input, grantor),
      list: (tenant: Tenant) => listBrandApiKeys(ctx, tenant),
      revoke: (tenant: Tenant, id: string) => revokeBrandApiKey(ctx, tenant, id),
    },
    adminTokens: createAdminTokens({ db: deps.db, clock: deps.clock, bootstrapToken: deps.adminToken }),
    audit: createAuditService(deps),
  };
}

export type AccessModule = ReturnType<typeof createAccessModule>;
