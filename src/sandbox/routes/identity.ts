import type {
  IdentityGetResponse,
  IdentityMatchResponse,
  ProcessorIdentityGetResponse,
  ProcessorIdentityMatchResponse,
} from 'plaid';
import { z } from 'zod';
import { scoreAddress, scoreEmail, scoreName, scorePhone } from '../../lib/identity-match.js';
import type { SandboxAccount } from '../data/accounts.js';
import { type Owner, USER_GOOD_OWNER } from '../data/identity.js';
import { defineEndpoint, type SandboxContext } from '../endpoint.js';
import {
  findAccount,
  presentAccount,
  presentItem,
  requireHealthy,
  requireItem,
  selectAccounts,
  useProduct,
} from '../items.js';
import { readThroughProcessorToken } from '../processor-tokens.js';
import { accountIdsOption, plaidRequest } from '../validate.js';
import type { ResponseBody } from '../wire.js';

const matchUser = z
  .strictObject({
    legal_name: z.string().nullish(),
    phone_number: z.string().nullish(),
    email_address: z.string().nullish(),
    address: z
      .strictObject({
        street: z.string().nullish(),
        city: z.string().nullish(),
        region: z.string().nullish(),
        postal_code: z.string().nullish(),
        country: z.string().nullish(),
      })
      .nullish(),
  })
  .optional();

type MatchUser = z.output<typeof matchUser>;

const best = (scores: number[]) => (scores.length === 0 ? 0 : Math.max(...scores));

/** Plaid's per-field scores against the best-matching value on file; null for fields not asked about. */
function matchScores(user: MatchUser, owner: Owner) {
  const name = user?.legal_name
    ? owner.names.map((n) => scoreName(user.legal_name ?? '', n)).sort((a, b) => b.score - a.score)[0]
    : undefined;
  const address = user?.address
    ? owner.addresses
        .map((a) => scoreAddress(user.address ?? {}, a.data))
        .sort((a, b) => b.score - a.score)[0]
    : undefined;
  return {
    legal_name: name
      ? {
          score: name.score,
          is_first_name_or_last_name_match: name.isFirstOrLastNameMatch,
          is_nickname_match: name.isNicknameMatch,
          is_business_name_detected: name.isBusinessNameDetected,
        }
      : {
          score: null,
          is_first_name_or_last_name_match: null,
          is_nickname_match: null,
          is_business_name_detected: null,
        },
    phone_number: {
      score: user?.phone_number
        ? best(owner.phone_numbers.map((p) => scorePhone(user.phone_number ?? '', p.data)))
        : null,
    },
    email_address: {
      score: user?.email_address
        ? best(owner.emails.map((e) => scoreEmail(user.email_address ?? '', e.data)))
        : null,
    },
    address: address
      ? { score: address.score, is_postal_code_match: address.isPostalCodeMatch }
      : { score: null, is_postal_code_match: null },
  };
}

const ownerOf = (account: SandboxAccount): Owner => account.owner ?? USER_GOOD_OWNER;
const withOwners = (account: SandboxAccount) => ({ ...presentAccount(account), owners: [ownerOf(account)] });

async function processorAccount(ctx: SandboxContext, token: string) {
  const { row, item } = await readThroughProcessorToken(ctx, token, 'identity');
  return findAccount(item, row.account_id);
}

export const identityEndpoints = [
  defineEndpoint(
    '/identity/get',
    plaidRequest({ access_token: z.string(), options: accountIdsOption }),
    async (request, ctx) => {
      let item = await requireItem(ctx, request.access_token);
      requireHealthy(item);
      item = await useProduct(ctx, item, 'identity');
      const accounts = selectAccounts(item, request.options?.account_ids).map(withOwners);
      return { accounts, item: presentItem(item) } satisfies ResponseBody<IdentityGetResponse>;
    },
  ),

  defineEndpoint(
    '/identity/match',
    plaidRequest({ access_token: z.string(), user: matchUser, options: accountIdsOption }),
    async (request, ctx) => {
      let item = await requireItem(ctx, request.access_token);
      requireHealthy(item);
      item = await useProduct(ctx, item, 'identity_match');
      const accounts = selectAccounts(item, request.options?.account_ids).map((a) => ({
        ...presentAccount(a),
        ...matchScores(request.user, ownerOf(a)),
      }));
      return { accounts, item: presentItem(item) } satisfies ResponseBody<IdentityMatchResponse>;
    },
  ),

  defineEndpoint(
    '/processor/identity/get',
    plaidRequest({ processor_token: z.string() }),
    async (request, ctx) => {
      const account = await processorAccount(ctx, request.processor_token);
      return { account: withOwners(account) } satisfies ResponseBody<ProcessorIdentityGetResponse>;
    },
  ),

  defineEndpoint(
    '/processor/identity/match',
    plaidRequest({ processor_token: z.string(), user: matchUser }),
    async (request, ctx) => {
      const account = await processorAccount(ctx, request.processor_token);
      return {
        account: { ...presentAccount(account), ...matchScores(request.user, ownerOf(account)) },
      } satisfies ResponseBody<ProcessorIdentityMatchResponse>;
    },
  ),
];
