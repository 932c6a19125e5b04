import type { StudentLoan } from 'plaid';
import { derivedDigits } from '../data/account-numbers.js';
import type { SandboxAccount } from '../data/accounts.js';
import { addDays } from '../transactions/calendar.js';
import { between, pick, seededRandom } from '../transactions/random.js';
import type { Wire } from '../wire.js';
import {
  addMonths,
  daysBetween,
  levelPayment,
  nextMonthDay,
  originalPrincipal,
  paidSoFar,
  paymentsThisYear,
  round2,
} from './amortization.js';

/** A federal loan enters repayment six months after the last disbursement; standard plans run ten years. */
const GRACE_MONTHS = 6;
const STANDARD_PLAN_MONTHS = 120;

const LOAN_NAMES = [
  'Direct Consolidated Unsubsidized',
  'Direct Unsubsidized Stafford',
  'Direct Subsidized Stafford',
] as const;

/** The sandbox's loan servicer (fictional, as are Plaid's sandbox institutions). */
const SERVICER_ADDRESS = {
  street: '500 Platypus Court',
  city: 'Wilkes-Barre',
  region: 'PA',
  postal_code: '18773',
  country: 'US',
};

/**
 * A federal student loan in standard repayment whose balance is the account's: disbursed four to
 * eight years ago in two semesters, paid monthly on its due day since the grace period ended, so
 * the original principal, the payment, the interest paid this year and the payoff date all follow
 * from the balance and the rate.
 */
export function studentLoanLiability(
  itemId: string,
  account: SandboxAccount,
  today: string,
): Wire<StudentLoan> {
  const random = seededRandom(`${itemId}:${account.account_id}:student`);
  const balance = Math.max(0, account.balances.current ?? 0);
  const rate = between(random, 3.73, 6.8);
  const dueDay = 1 + Math.floor(random() * 28);
  const nextDue = nextMonthDay(today, dueDay);
  const lastPaid = addMonths(nextDue, -1);
  const paid = 24 + Math.floor(random() * 48);
  const remaining = STANDARD_PLAN_MONTHS - paid;
  const firstDisbursement = addMonths(lastPaid, -(paid - 1 + GRACE_MONTHS + 5));
  const payment = round2(levelPayment(balance, rate, remaining));
  const ytd = paidSoFar(balance, rate, payment, paymentsThisYear(lastPaid, dueDay));
  const payoff = addMonths(nextDue, remaining - 1);
  const statement = addDays(nextDue, -21) <= today ? addDays(nextDue, -21) : addDays(lastPaid, -21);
  const accrued = (balance * rate) / 100 / 365;
  const number = derivedDigits(`${itemId}:${account.account_id}:student`, 10);
  return {
    account_id: account.account_id,
    account_number: number,
    disbursement_dates: [firstDisbursement, addMonths(firstDisbursement, 5)],
    expected_payoff_date: payoff,
    guarantor: 'DEPT OF ED',
    interest_rate_percentage: rate,
    is_overdue: false,
    last_payment_amount: payment,
    last_payment_date: lastPaid,
    last_statement_balance: round2(balance + accrued * daysBetween(lastPaid, statement)),
    last_statement_issue_date: statement,
    loan_name: pick(random, LOAN_NAMES),
    loan_status: { end_date: payoff, type: 'repayment' },
    minimum_payment_amount: payment,
    next_payment_due_date: nextDue,
    origination_date: firstDisbursement,
    origination_principal_amount: round2(originalPrincipal(balance, rate, STANDARD_PLAN_MONTHS, paid)),
    outstanding_interest_amount: round2(accrued * daysBetween(lastPaid, today)),
    payment_reference_number: number,
    pslf_status: {
      estimated_eligibility_date: payoff,
      payments_made: paid,
      payments_remaining: remaining,
    },
    repayment_plan: { description: 'Standard Repayment', type: 'standard' },
    sequence_number: '1',
    servicer_address: SERVICER_ADDRESS,
    ytd_interest_paid: ytd.interest,
    ytd_principal_paid: ytd.principal,
  };
}
