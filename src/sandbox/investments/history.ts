import type { InvestmentTransactionSubtype, InvestmentTransactionType } from 'plaid';
import { derivedPlaidId } from '../ids.js';
import { addDays, monthlyDates, nextBusinessDay, previousBusinessDay } from '../transactions/calendar.js';
import { seededRandom } from '../transactions/random.js';
import type { Wire } from '../wire.js';
import { isEmployerPlan, roundTo, type SandboxHolding } from './holdings.js';
import { priceOn, type SandboxSecurity } from './securities.js';
import type { SandboxAccount } from '../data/accounts.js';

/** One investment transaction; amounts are Plaid's: positive when cash leaves the account. */
export interface InvestmentEvent {
  investment_transaction_id: string;
  account_id: string;
  security: SandboxSecurity | null;
  date: string;
  name: string;
  quantity: number;
  amount: number;
  price: number;
  fees: number;
  type: Wire<InvestmentTransactionType>;
  subtype: Wire<InvestmentTransactionSubtype>;
}

interface Ledger {
  itemId: string;
  account: SandboxAccount;
  /** The account's positions other than cash, today. */
  positions: SandboxHolding[];
  from: string;
  to: string;
  random: () => number;
  out: InvestmentEvent[];
}

type Draft = Omit<InvestmentEvent, 'investment_transaction_id' | 'account_id' | 'fees'>;

function emit(ledger: Ledger, key: string, draft: Draft): void {
  if (draft.date < ledger.from || draft.date > ledger.to) return;
  ledger.out.push({
    ...draft,
    fees: 0,
    account_id: ledger.account.account_id,
    investment_transaction_id: derivedPlaidId(
      `${ledger.itemId}:investment:${ledger.account.account_id}:${key}:${draft.date}:${ledger.out.length}`,
    ),
  });
}

function buy(
  ledger: Ledger,
  sec: SandboxSecurity,
  dollars: number,
  date: string,
  reinvested = false,
): number {
  const price = priceOn(sec, date, ledger.to);
  const quantity = roundTo(dollars / price, 4);
  if (quantity <= 0) return 0;
  const amount = roundTo(quantity * price, 2);
  const subtype = reinvested
    ? sec.type === 'fixed income'
      ? 'interest reinvestment'
      : 'dividend reinvestment'
    : 'buy';
  emit(ledger, `buy:${sec.ticker}`, {
    security: sec,
    date,
    name: `${reinvested ? 'REINVESTMENT' : 'BUY'} ${sec.name}`,
    quantity,
    amount,
    price,
    type: 'buy',
    subtype,
  });
  return amount;
}

/** Contributions (biweekly payroll deferrals into an employer plan, monthly into an IRA), each invested the next business day. */
function contributions(ledger: Ledger): void {
  const employer = isEmployerPlan(ledger.account);
  const balance = ledger.account.balances.current ?? 0;
  const dates: string[] = [];
  if (employer) {
    let friday = ledger.from;
    while (new Date(`${friday}T00:00:00Z`).getUTCDay() !== 5) friday = addDays(friday, 1);
    for (let day = friday; day <= ledger.to; day = addDays(day, 14)) dates.push(previousBusinessDay(day));
  } else {
    dates.push(...monthlyDates(ledger.from, ledger.to, 15).map(nextBusinessDay));
  }
  const total = ledger.positions.reduce((sum, p) => sum + p.value, 0);
  for (const date of dates) {
    const planned = roundTo(balance * (employer ? 0.006 : 0.01) * (0.9 + ledger.random() * 0.2), 2);
    const investOn = nextBusinessDay(addDays(date, 1));
    if (investOn > ledger.to) continue;
    const invested = ledger.positions.reduce(
      (sum, p) => sum + buy(ledger, p.security, (planned * p.value) / total, investOn),
      0,
    );
    if (invested <= 0) continue;
    emit(ledger, 'contribution', {
      security: null,
      date,
      name: employer ? 'EMPLOYEE CONTRIBUTION' : 'CONTRIBUTION',
      quantity: 0,
      amount: -roundTo(invested, 2),
      price: 0,
      type: 'cash',
      subtype: 'contribution',
    });
  }
}

const QUARTER_ENDS = ['03', '06', '09', '12'];

/** Quarterly distributions, reinvested the same day. */
function distributions(ledger: Ledger): void {
  const months = monthlyDates(ledger.from, ledger.to, 20).filter((d) => QUARTER_ENDS.includes(d.slice(5, 7)));
  for (const date of months.map(nextBusinessDay)) {
    for (const { security, value } of ledger.positions) {
      const paid = roundTo((value * security.yield) / 4, 2);
      if (paid < 0.01) continue;
      const interest = security.type === 'fixed income';
      emit(ledger, `distribution:${security.ticker}`, {
        security,
        date,
        name: `${interest ? 'INTEREST' : 'DIVIDEND'} RECEIVED ${security.name}`,
        quantity: 0,
        amount: -paid,
        price: 0,
        type: 'cash',
        subtype: interest ? 'interest' : 'dividend',
      });
      buy(ledger, security, paid, date, true);
    }
  }
}

/** The quarter's account (IRA) or management (plan) fee, on the last business day of the quarter. */
function fees(ledger: Ledger): void {
  const balance = ledger.account.balances.current ?? 0;
  const employer = isEmployerPlan(ledger.account);
  const ends = monthlyDates(ledger.from, ledger.to, 31).filter((d) => QUARTER_ENDS.includes(d.slice(5, 7)));
  for (const date of ends.map(previousBusinessDay)) {
    const amount = Math.max(0.01, roundTo((balance * (employer ? 0.0005 : 0.001)) / 4, 2));
    emit(ledger, 'fee', {
      security: null,
      date,
      name: employer ? 'MANAGEMENT FEE' : 'ACCOUNT FEE',
      quantity: 0,
      amount,
      price: 0,
      type: 'fee',
      subtype: employer ? 'management fee' : 'account fee',
    });
  }
}

/** One rebalance mid-window: part of the largest position sold, the proceeds bought into the smallest. */
function rebalance(ledger: Ledger): void {
  const sorted = [...ledger.positions].sort((a, b) => b.value - a.value);
  const [largest, smallest] = [sorted[0], sorted.at(-1)];
  const days = (Date.parse(ledger.to) - Date.parse(ledger.from)) / 86_400_000;
  if (!largest || !smallest || largest === smallest || days < 28) return;
  const date = nextBusinessDay(addDays(ledger.from, Math.floor(days / 2)));
  const price = priceOn(largest.security, date, ledger.to);
  const quantity = roundTo(Math.min(0.15 * largest.value, 0.5 * smallest.value) / price, 4);
  if (quantity <= 0 || date > ledger.to) return;
  const proceeds = roundTo(quantity * price, 2);
  emit(ledger, `sell:${largest.security.ticker}`, {
    security: largest.security,
    date,
    name: `SELL ${largest.security.name}`,
    quantity: -quantity,
    amount: -proceeds,
    price,
    type: 'sell',
    subtype: 'sell',
  });
  buy(ledger, smallest.security, proceeds, date);
}

/**
 * The account's investment transactions from `from` to `to`, consistent with its holdings on `to`:
 * what was bought in the window is less than what is held, so every position was open before it.
 * Deterministic for the Item and account.
 */
export function investmentHistory(params: {
  itemId: string;
  account: SandboxAccount;
  holdings: readonly SandboxHolding[];
  from: string;
  to: string;
}): InvestmentEvent[] {
  const ledger: Ledger = {
    ...params,
    positions: params.holdings.filter((h) => h.security.type !== 'cash'),
    random: seededRandom(`${params.itemId}:${params.account.account_id}:investment-history`),
    out: [],
  };
  if (ledger.positions.length === 0) return [];
  contributions(ledger);
  distributions(ledger);
  fees(ledger);
  rebalance(ledger);
  return ledger.out.sort((a, b) =>
    a.date === b.date
      ? a.investment_transaction_id.localeCompare(b.investment_transaction_id)
      : b.date.localeCompare(a.date),
  );
}
