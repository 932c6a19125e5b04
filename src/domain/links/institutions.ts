import type { Clock } from '../../lib/clock.js';
import type { PlaidGateway } from '../../plaid/client/plaid-gateway.js';
import type { Db } from '../../store/db.js';
import { findInstitution, upsertInstitution } from '../../store/institutions.store.js';
import { linkFailure } from './plaid-failures.js';

/** A bank's name and logo change rarely: read from Plaid once a day at most. */
export const INSTITUTION_REFRESH_MS = 24 * 60 * 60 * 1000;

export interface InstitutionDirectory {
  get(institutionId: string): Promise<{ name: string; logo: string | null }>;
}

export function createInstitutionDirectory(db: Db, plaid: PlaidGateway, clock: Clock): InstitutionDirectory {
  return {
    async get(institutionId) {
      const known = await findInstitution(db, institutionId);
      const now = clock.now();
      if (known && now.getTime() - new Date(known.updated_at).getTime() < INSTITUTION_REFRESH_MS)
        return known;
      try {
        const fresh = await plaid.getInstitution(institutionId);
        await upsertInstitution(db, {
          id: institutionId,
          name: fresh.name,
          logo: fresh.logo,
          updated_at: now.toISOString(),
        });
        return fresh;
      } catch (error) {
        // A stale name and logo beat failing the link.
        if (known) return known;
        throw linkFailure(error);
      }
    },
  };
}
