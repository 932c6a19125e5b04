import type { APR, CreditCardLiability } from 'plaid';
import type { SandboxAccount } from '../data/accounts.js';
import { addDays } from '../transactions/calendar.js';
import { between, seededRandom } from '../transactions/random.js';
import type { Wire } from '../wire.js';
import { addMonths, lastMonthDay, round2 } from './amortization.js';

/** Days from a statement to its payment due date. */
const GRACE_DAYS = 25;

/** The purchase APR an account's name states ("Plaid Diamond 12.5% APR …"), else a typical one. */
function purchaseApr(account: SandboxAccount, random: () => number): number {
  const stated = /(\d+(?:\.\d+)?)% APR/.exec(account.official_name ?? '')?.[1];
  return stated ? Number(stated) : between(random, 15.99, 26.99);
}

const apr = (apr_type: Wire<APR>['apr_type'], percentage: number, balance: number): Wire<APR> => ({
  apr_percentage: percentage,
  apr_type,
  balance_subject_to_apr: round2(balance),
  interest_charge_amount: round2((balance * percentage) / 100 / 12),
});

/**
 * A card's statement cycle and APRs, generated from the Item and account ids around the card's
 * current balance: purchases carry most of it, a cash advance the rest; the last statement closed
 * on the card's statement day, its payment is due 25 days later, the previous one was paid on time.
 */
export function creditCardLiability(
  itemId: string,
  account: SandboxAccount,
  today: string,
): Wire<CreditCardLiability> {
  const random = seededRandom(`${itemId}:${account.account_id}:credit`);
  const balance = Math.max(0, account.balances.current ?? 0);
  const purchase = purchaseApr(account, random);
  const cashShare = round2(balance * between(random, 0, 0.15));
  const statementDay = 1 + Math.floor(random() * 28);
  const statement = lastMonthDay(today, statementDay);
  const due = addDays(statement, GRACE_DAYS);
  const statementBalance = round2(balance * between(random, 0.7, 1));
  const interest = (statementBalance * purchase) / 100 / 12;
  const minimum =
    statementBalance === 0
      ? 0
      : Math.min(statementBalance, Math.max(25, round2(statementBalance * 0.01 + interest)));
  // Once this statement's due date has passed it was paid; otherwise the previous one was.
  const paidDue = due < today ? due : addDays(addMonths(statement, -1), GRACE_DAYS);
  return {
    account_id: account.account_id,
    aprs: [
      apr('purchase_apr', purchase, balance - cashShare),
      apr('cash_apr', round2(purchase + between(random, 3, 8)), cashShare),
      apr('balance_transfer_apr', round2(Math.max(0, purchase - between(random, 0, 3))), 0),
    ],
    is_overdue: false,
    last_payment_amount: round2(statementBalance * between(random, 0.5, 1.1) + 25),
    last_payment_date: addDays(paidDue, -Math.floor(random() * 4)),
    last_statement_issue_date: statement,
    last_statement_balance: statementBalance,
    minimum_payment_amount: minimum,
    next_payment_due_date: due < today ? addDays(addMonths(statement, 1), GRACE_DAYS) : due,
  };
}
