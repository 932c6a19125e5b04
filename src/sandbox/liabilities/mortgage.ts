import type { MortgageLiability } from 'plaid';
import { derivedDigits } from '../data/account-numbers.js';
import type { SandboxAccount } from '../data/accounts.js';
import { USER_GOOD_OWNER } from '../data/identity.js';
import { addDays } from '../transactions/calendar.js';
import { between, seededRandom } from '../transactions/random.js';
import type { Wire } from '../wire.js';
import {
  addMonths,
  levelPayment,
  nextMonthDay,
  originalPrincipal,
  paidSoFar,
  paymentsThisYear,
  round2,
} from './amortization.js';

/** Mortgage payments fall due on the 1st. */
const DUE_DAY = 1;

/**
 * A mortgage on the holder's home whose balance is the account's: a 30- or 15-year loan at a rate
 * in eighths of a point, some years into its schedule and paid on time, so the original principal,
 * the monthly payment (principal and interest plus escrow), the maturity and this year's interest
 * all follow from the balance.
 */
export function mortgageLiability(
  itemId: string,
  account: SandboxAccount,
  today: string,
): Wire<MortgageLiability> {
  const random = seededRandom(`${itemId}:${account.account_id}:mortgage`);
  const balance = Math.max(0, account.balances.current ?? 0);
  const rate = Math.round(between(random, 2.75, 7.25) * 8) / 8;
  const years = random() < 0.7 ? 30 : 15;
  const months = years * 12;
  const paid = 12 * (2 + Math.floor(random() * (years - 5)));
  const principal = originalPrincipal(balance, rate, months, paid);
  const monthly = round2(levelPayment(principal, rate, months));
  const escrow = round2(between(random, 250, 650));
  const nextDue = nextMonthDay(today, DUE_DAY);
  const lastDue = addMonths(nextDue, -1);
  const originated = addMonths(lastDue, -paid);
  const ytd = paidSoFar(balance, rate, monthly, paymentsThisYear(lastDue, DUE_DAY));
  const home = (account.owner ?? USER_GOOD_OWNER).addresses.find((a) => a.primary)?.data;
  return {
    account_id: account.account_id,
    account_number: derivedDigits(`${itemId}:${account.account_id}:mortgage`, 10),
    current_late_fee: 0,
    escrow_balance: round2(escrow * between(random, 2, 9)),
    has_pmi: random() < 0.3,
    has_prepayment_penalty: false,
    interest_rate: { percentage: rate, type: random() < 0.85 ? 'fixed' : 'variable' },
    last_payment_amount: round2(monthly + escrow),
    last_payment_date: addDays(lastDue, -Math.floor(random() * 4)),
    loan_term: `${years} year`,
    loan_type_description: 'conventional',
    maturity_date: addMonths(originated, months),
    next_monthly_payment: round2(monthly + escrow),
    next_payment_due_date: nextDue,
    origination_date: originated,
    origination_principal_amount: round2(principal),
    past_due_amount: 0,
    property_address: {
      street: home?.street ?? null,
      city: home?.city ?? null,
      region: home?.region ?? null,
      postal_code: home?.postal_code ?? null,
      country: home?.country ?? null,
    },
    ytd_interest_paid: ytd.interest,
    ytd_principal_paid: ytd.principal,
  };
}
