import { scoreAddress, scoreEmail, scoreName, scorePhone } from '../../lib/identity-match.js';
import type { AccountHolder } from '../../plaid/client/types.js';
import type { OwnersTable } from '../../store/schema.js';

/** Per-field scores, 0-100; null for a field the owner has no value for. */
export interface IdentityScores {
  name: number | null;
  address: number | null;
  phone: number | null;
  email: number | null;
}

export interface IdentityCheck {
  passed: boolean;
  threshold: number;
  scores: IdentityScores;
  isNicknameMatch: boolean;
  isBusinessNameDetected: boolean;
}

const best = (values: number[]) => (values.length === 0 ? 0 : Math.max(...values));

/**
 * Compares the owner on file with the holders Plaid reports (seed 001's Identity Match), each field
 * against the best of Plaid's values: nicknames, middle names and business suffixes are handled by
 * lib/identity-match. Every field the owner has on file must reach the brand's threshold.
 */
export function checkIdentity(
  owner: OwnersTable,
  holders: AccountHolder[],
  threshold: number,
): IdentityCheck {
  const ownerName =
    owner.kind === 'business'
      ? (owner.legal_business_name ?? '')
      : [owner.first_name, owner.middle_name, owner.last_name].filter(Boolean).join(' ');
  const names = holders.flatMap((h) => h.names).map((n) => scoreName(ownerName, n));
  const topName = names.reduce<(typeof names)[number] | undefined>(
    (top, n) => (top === undefined || n.score > top.score ? n : top),
    undefined,
  );
  const scores: IdentityScores = {
    name: topName?.score ?? 0,
    address:
      owner.address_line_1 === null
        ? null
        : best(
            holders
              .flatMap((h) => h.addresses)
              .map(
                (a) =>
                  scoreAddress(
                    {
                      street: owner.address_line_1,
                      city: owner.city,
                      region: owner.state,
                      postal_code: owner.zip_code,
                    },
                    a,
                  ).score,
              ),
          ),
    phone:
      owner.phone === null
        ? null
        : best(holders.flatMap((h) => h.phones).map((p) => scorePhone(owner.phone ?? '', p))),
    email:
      owner.email === null
        ? null
        : best(holders.flatMap((h) => h.emails).map((e) => scoreEmail(owner.email ?? '', e))),
  };
  const passed = Object.values(scores).every((s) => s === null || s >= threshold);
  return {
    passed,
    threshold,
    scores,
    isNicknameMatch: topName?.isNicknameMatch ?? false,
    isBusinessNameDetected: topName?.isBusinessNameDetected ?? false,
  };
}
