import type { Institution, InstitutionsGetByIdResponse, InstitutionsSearchResponse } from 'plaid';
import { z } from 'zod';
import {
  findInstitution,
  institutionLogo,
  SANDBOX_INSTITUTIONS,
  type SandboxInstitution,
} from '../data/institutions.js';
import { defineEndpoint } from '../endpoint.js';
import { PlaidApiError } from '../errors.js';
import { countryCodes, plaidRequest, product } from '../validate.js';
import type { ResponseBody, Wire } from '../wire.js';

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
    } satisfies ResponseBody<InstitutionsGetByIdResponse>;
  }),

  defineEndpoint(
    '/institutions/search',
    plaidRequest({
      query: z.string().min(1),
      products: z.array(product).nullish(),
      country_codes: countryCodes,
      options: z
        .looseObject({ include_optional_metadata: z.boolean().optional(), oauth: z.boolean().optional() })
        .optional(),
    }),
    async (request) => {
      const words = request.query.toLowerCase().split(/\s+/).filter(Boolean);
      const institutions = SANDBOX_INSTITUTIONS.filter(
        (i) =>
          words.every((w) => i.name.toLowerCase().includes(w)) &&
          i.country_codes.some((c) => request.country_codes.includes(c as never)) &&
          (request.products ?? []).every((p) => i.products.includes(p)) &&
          (request.options?.oauth === undefined || i.oauth === request.options.oauth),
      ).map((i) => presentInstitution(i, request.options?.include_optional_metadata === true));
      return { institutions } satisfies ResponseBody<InstitutionsSearchResponse>;
    },
  ),
];
