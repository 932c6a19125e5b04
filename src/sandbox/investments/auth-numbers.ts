import type { InvestmentsAuthGetNumbers, InvestmentsAuthOwner } from 'plaid';
import { derivedDigits } from '../data/account-numbers.js';
import type { SandboxAccount } from '../data/accounts.js';
import { USER_GOOD_OWNER } from '../data/identity.js';
import type { Wire } from '../wire.js';
import { isEmployerPlan } from './holdings.js';

/** The DTC participant number the sandbox's brokerage clears through (an ACATS transfer needs it). */
const SANDBOX_DTC_NUMBER = '0352';

/**
 * What a receiving broker needs to pull the accounts over: ACATS numbers for brokerage accounts
 * and IRAs, plan and participant numbers for employer plans (which move by rollover, not ACATS).
 */
export function investmentsAuthNumbers(
  itemId: string,
  accounts: readonly SandboxAccount[],
): Wire<InvestmentsAuthGetNumbers> {
  const number = (a: SandboxAccount, what: string, length: number) =>
    derivedDigits(`${itemId}:${a.account_id}:${what}`, length);
  return {
    acats: accounts
      .filter((a) => !isEmployerPlan(a))
      .map((a) => ({
        account_id: a.account_id,
        account: number(a, 'acats', 9),
        dtc_numbers: [SANDBOX_DTC_NUMBER],
      })),
    aton: [],
    retirement_401k: accounts.filter(isEmployerPlan).map((a) => ({
      account_id: a.account_id,
      plan: number(a, 'plan', 6),
      account: number(a, 'participant', 10),
    })),
  };
}

export function investmentsAuthOwners(accounts: readonly SandboxAccount[]): Wire<InvestmentsAuthOwner>[] {
  return accounts.map((a) => ({ account_id: a.account_id, names: (a.owner ?? USER_GOOD_OWNER).names }));
}
