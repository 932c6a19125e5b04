import type {
  Institution,
  InstitutionsGetByIdResponse,
  InstitutionsGetResponse,
  InstitutionsSearchResponse,
} from 'plaid';
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

/**
 * An institution as Plaid lists it. `url`, `primary_color` and `logo` are present only when the
 * request asked for optional metadata: without it Plaid leaves the keys out (a client reads them as
 * absent, not as null).
 */
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
    ...(withMetadata
      ? { url: institution.url, primary_color: institution.primary_color, logo: institutionLogo(institution) }
      : {}),
  };
}

/** Plaid answers at most ten institutions per search. */
export const SEARCH_LIMIT = 10;

/**
 * Whether an institution answers a search: every word of the query in its name (any order, any
 * case), or the query is its institution id or one of its routing numbers.
 */
export function matchesQuery(institution: SandboxInstitution, query: string): boolean {
  const trimmed = query.trim();
  if (trimmed === institution.institution_id || institution.routing_numbers.includes(trimmed)) return true;
  const name = institution.name.toLowerCase();
  const words = trimmed.toLowerCase().split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((w) => name.includes(w));
}

const inCountries = (institution: SandboxInstitution, countries: readonly string[]) =>
  institution.country_codes.some((c) => countries.includes(c));

const supportsAll = (institution: SandboxInstitution, products: readonly string[] | null | undefined) =>
  (products ?? []).every((p) => institution.products.includes(p));

const institutionsGet = plaidRequest({
  count: z.number().int().min(1).max(500),
  offset: z.number().int().min(0),
  country_codes: countryCodes,
  options: z
    .strictObject({
      products: z.array(product).min(1).nullish(),
      routing_numbers: z.array(z.string()).nullish(),
      oauth: z.boolean().nullish(),
      include_optional_metadata: z.boolean().optional(),
      include_auth_metadata: z.boolean().nullish(),
      include_payment_initiation_metadata: z.boolean().nullish(),
    })
    .optional(),
});

export const institutionEndpoints = [
  defineEndpoint('/institutions/get', institutionsGet, async (request) => {
    const options = request.options;
    const matching = SANDBOX_INSTITUTIONS.filter(
      (i) =>
        inCountries(i, request.country_codes) &&
        supportsAll(i, options?.products) &&
        (options?.routing_numbers ?? []).every((r) => i.routing_numbers.includes(r)) &&
        (options?.oauth === undefined || options.oauth === null || i.oauth === options.oauth),
    );
    return {
      institutions: matching
        .slice(request.offset, request.offset + request.count)
        .map((i) => presentInstitution(i, options?.include_optional_metadata === true)),
      total: matching.length,
    } satisfies ResponseBody<InstitutionsGetResponse>;
  }),

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
        .looseObject({ include_optional_metadata: z.boolean().optional(), oauth: z.boolean().nullish() })
        .optional(),
    }),
    async (request) => {
      const oauth = request.options?.oauth;
      const institutions = SANDBOX_INSTITUTIONS.filter(
        (i) =>
          matchesQuery(i, request.query) &&
          inCountries(i, request.country_codes) &&
          supportsAll(i, request.products) &&
          (oauth === undefined || oauth === null || i.oauth === oauth),
      )
        .slice(0, SEARCH_LIMIT)
        .map((i) => presentInstitution(i, request.options?.include_optional_metadata === true));
      return { institutions } satisfies ResponseBody<InstitutionsSearchResponse>;
    },
  ),
];
