import type { Institution, InstitutionsGetByIdResponse } from 'plaid';
import { z } from 'zod';
import { findInstitution, institutionLogo, type SandboxInstitution } from '../data/institutions.js';
import { defineEndpoint } from '../endpoint.js';
import { PlaidApiError } from '../errors.js';
import { countryCodes, plaidRequest } from '../validate.js';
import type { Wire } from '../wire.js';

const getById = plaidRequest({
  institution_id: z.string(),
  country_codes: countryCodes,
  options: z
    .strictObject({
      include_optional_metadata: z.boolean().optional(),
      include_status: z.boolean().optional(),
      include_auth_metadata: z.boolean().optional(),
      include_payment_initiation_metadata: z.boolean().optional(),
    })
    .optional(),
});

export function presentInstitution(
  institution: SandboxInstitution,
  withMetadata: boolean,
): Wire<Institution> {
  return {
    institution_id: institution.institution_id,
    name: institution.name,
    products: [...institution.products] as Wire<Institution>['products'],
    country_codes: [...institution.country_codes] as Wire<Institution>['country_codes'],
    routing_numbers: [...institution.routing_numbers],
    oauth: institution.oauth,
    url: withMetadata ? institution.url : null,
    primary_color: withMetadata ? institution.primary_color : null,
    logo: withMetadata ? institutionLogo(institution) : null,
  };
}

export const institutionEndpoints = [
  defineEndpoint('/institutions/get_by_id', getById, async (request) => {
    const institution = findInstitution(request.institution_id);
    if (!institution) throw new PlaidApiError('INVALID_INSTITUTION');
    return {
      institution: presentInstitution(institution, request.options?.include_optional_metadata === true),
    } satisfies Omit<Wire<InstitutionsGetByIdResponse>, 'request_id'>;
  }),
];
