import type { LiabilitiesObject } from 'plaid';
import type { SandboxAccount } from '../data/accounts.js';
import type { Wire } from '../wire.js';
import { creditCardLiability } from './credit.js';
import { mortgageLiability } from './mortgage.js';
import { studentLoanLiability } from './student.js';

type Kind = 'credit' | 'student' | 'mortgage';

/** The accounts Liabilities covers: credit cards and PayPal credit, student loans, mortgages. */
function kindOf(account: SandboxAccount): Kind | null {
  const type = String(account.type);
  const subtype = String(account.subtype);
  if (type === 'credit' && (subtype === 'credit card' || subtype === 'paypal')) return 'credit';
  if (type === 'loan' && subtype === 'student') return 'student';
  if (type === 'loan' && subtype === 'mortgage') return 'mortgage';
  return null;
}

export const isLiabilityAccount = (account: SandboxAccount): boolean => kindOf(account) !== null;

/** Each kind's liabilities among the accounts; null for a kind none of them is, as Plaid sends it. */
export function liabilitiesOf(
  itemId: string,
  accounts: readonly SandboxAccount[],
  today: string,
): Wire<LiabilitiesObject> {
  const of = (kind: Kind) => accounts.filter((a) => kindOf(a) === kind);
  const listed = <T>(list: T[]) => (list.length > 0 ? list : null);
  return {
    credit: listed(of('credit').map((a) => creditCardLiability(itemId, a, today))),
    mortgage: listed(of('mortgage').map((a) => mortgageLiability(itemId, a, today))),
    student: listed(of('student').map((a) => studentLoanLiability(itemId, a, today))),
  };
}
