import { CountryCode, type PlaidApi } from 'plaid';
import { call } from '../transport.js';
import type { PlaidInstitution } from '../types.js';

export function institutionCalls(api: () => PlaidApi) {
  return {
    /** A bank's name and logo. */
    async getInstitution(institutionId: string): Promise<PlaidInstitution> {
      const { institution } = await call(() =>
        api().institutionsGetById({
          institution_id: institutionId,
          country_codes: [CountryCode.Us],
          options: { include_optional_metadata: true },
        }),
      );
      return { id: institution.institution_id, name: institution.name, logo: institution.logo ?? null };
    },
  };
}
