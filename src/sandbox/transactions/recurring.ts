import type { SandboxAccount } from '../data/accounts.js';
import { addDays, monthlyDates, nextBusinessDay, previousBusinessDay } from './calendar.js';
import { emit, type Frequency, type GeneratedTransaction, type GenerationContext } from './generated.js';
import { between, pick } from './random.js';

/** The recurring part of a generated history: payroll, bills, subscriptions and transfers. */

const EMPLOYERS = [
  'Acme Robotics',
  'Globex Corporation',
  'Initech',
  'Umbrella Health',
  'Stark Industries',
] as const;
const PAYROLL_PROVIDERS = [
  { name: 'Gusto', website: 'gusto.com', label: (employer: string) => `GUSTO PAY ${employer.toUpperCase()}` },
  {
    name: 'ADP',
    website: 'adp.com',
    label: (employer: string) => `ADP PAYROLL ${employer.toUpperCase()} DIR DEP`,
  },
  {
    name: 'Paychex',
    website: 'paychex.com',
    label: (employer: string) => `PAYCHEX PAYROLL ${employer.toUpperCase()}`,
  },
] as const;

export interface Accounts {
  checking: SandboxAccount | undefined;
  savings: SandboxAccount | undefined;
  card: SandboxAccount | undefined;
}

/** Paydays of the chosen schedule, moved to the business day before a weekend or bank holiday. */
function paydays(ctx: GenerationContext, frequency: Frequency, anchor: string): string[] {
  switch (frequency) {
    case 'BIWEEKLY': {
      const dates: string[] = [];
      for (let day = anchor; day <= ctx.to; day = addDays(day, 14)) dates.push(day);
      return dates.map(previousBusinessDay);
    }
    case 'SEMI_MONTHLY':
      return [...monthlyDates(ctx.from, ctx.to, 15), ...monthlyDates(ctx.from, ctx.to, 31)]
        .map(previousBusinessDay)
        .sort();
    case 'MONTHLY':
    case 'WEEKLY':
    case 'ANNUALLY':
      return monthlyDates(ctx.from, ctx.to, 31).map(previousBusinessDay);
  }
}

export function payroll(ctx: GenerationContext, checking: SandboxAccount): void {
  const employer = pick(ctx.random, EMPLOYERS);
  const provider = pick(ctx.random, PAYROLL_PROVIDERS);
  const frequency = pick(ctx.random, ['BIWEEKLY', 'SEMI_MONTHLY', 'MONTHLY'] as const);
  const perPeriod = between(ctx.random, 1800, 3600) * (frequency === 'MONTHLY' ? 2 : 1);
  // A Friday within the first two weeks of the window anchors a biweekly schedule.
  let anchor = ctx.from;
  while (new Date(`${anchor}T00:00:00Z`).getUTCDay() !== 5) anchor = addDays(anchor, 1);
  for (const date of paydays(ctx, frequency, anchor)) {
    emit(ctx, 'payroll', {
      account_id: checking.account_id,
      amount: -Math.round(perPeriod * (0.97 + ctx.random() * 0.06) * 100) / 100,
      date,
      name: provider.label(employer),
      merchant_name: employer,
      website: null,
      payment_channel: 'other',
      transaction_code: null,
      category: { primary: 'INCOME', detailed: 'INCOME_WAGES' },
      counterparties: [
        { name: employer, type: 'income_source', website: null },
        { name: provider.name, type: 'financial_institution', website: provider.website },
      ],
      stream: { key: 'payroll', frequency },
    });
  }
}

interface Bill {
  key: string;
  name: string;
  merchant: string;
  website: string | null;
  day: number;
  amount: () => number;
  primary: string;
  detailed: string;
  code: GeneratedTransaction['transaction_code'];
}

function monthlyBills(ctx: GenerationContext, account: SandboxAccount, bills: Bill[]): void {
  for (const bill of bills) {
    for (const due of monthlyDates(ctx.from, ctx.to, bill.day)) {
      emit(ctx, bill.key, {
        account_id: account.account_id,
        amount: bill.amount(),
        date: nextBusinessDay(due),
        name: bill.name,
        merchant_name: bill.merchant,
        website: bill.website,
        payment_channel: 'online',
        transaction_code: bill.code,
        category: { primary: bill.primary, detailed: bill.detailed },
        counterparties: [{ name: bill.merchant, type: 'merchant', website: bill.website }],
        stream: { key: bill.key, frequency: 'MONTHLY' },
      });
    }
  }
}

export function checkingBills(ctx: GenerationContext, checking: SandboxAccount): void {
  const rent = between(ctx.random, 1400, 2600);
  const loan = between(ctx.random, 180, 420);
  // prettier-ignore
  monthlyBills(ctx, checking, [
    { key: 'rent', name: 'AVALONBAY COMMUNITIES RENT', merchant: 'AvalonBay Communities', website: 'avaloncommunities.com', day: 1, amount: () => rent, primary: 'RENT_AND_UTILITIES', detailed: 'RENT_AND_UTILITIES_RENT', code: 'bill payment' },
    { key: 'electric', name: 'PGANDE WEB ONLINE', merchant: 'PG&E', website: 'pge.com', day: 14, amount: () => between(ctx.random, 48, 165), primary: 'RENT_AND_UTILITIES', detailed: 'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY', code: 'bill payment' },
    { key: 'internet', name: 'COMCAST XFINITY', merchant: 'Xfinity', website: 'xfinity.com', day: 20, amount: () => 79.99, primary: 'RENT_AND_UTILITIES', detailed: 'RENT_AND_UTILITIES_INTERNET_AND_CABLE', code: 'bill payment' },
    { key: 'student-loan', name: 'NAVIENT ED LOAN PMT', merchant: 'Navient', website: 'navient.com', day: 8, amount: () => loan, primary: 'LOAN_PAYMENTS', detailed: 'LOAN_PAYMENTS_STUDENT_LOAN_PAYMENT', code: 'bill payment' },
  ]);
}

export function subscriptions(ctx: GenerationContext, card: SandboxAccount): void {
  // prettier-ignore
  monthlyBills(ctx, card, [
    { key: 'netflix', name: 'NETFLIX.COM', merchant: 'Netflix', website: 'netflix.com', day: 3, amount: () => 15.49, primary: 'ENTERTAINMENT', detailed: 'ENTERTAINMENT_TV_AND_MOVIES', code: 'purchase' },
    { key: 'spotify', name: 'SPOTIFY USA', merchant: 'Spotify', website: 'spotify.com', day: 11, amount: () => 11.99, primary: 'ENTERTAINMENT', detailed: 'ENTERTAINMENT_MUSIC_AND_AUDIO', code: 'purchase' },
    { key: 'gym', name: 'PLANET FITNESS CLUB FEES', merchant: 'Planet Fitness', website: 'planetfitness.com', day: 17, amount: () => 24.99, primary: 'PERSONAL_CARE', detailed: 'PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS', code: 'purchase' },
  ]);
}

/** The monthly card payment from checking, and the savings transfer. */
export function transfers(ctx: GenerationContext, accounts: Accounts): void {
  const { checking, savings, card } = accounts;
  if (!checking) return;
  for (const due of monthlyDates(ctx.from, ctx.to, 25)) {
    const date = nextBusinessDay(due);
    if (card) {
      const amount = between(ctx.random, 600, 1400);
      const payment = {
        amount,
        date,
        payment_channel: 'online' as const,
        merchant_name: null,
        website: null,
        transaction_code: 'transfer' as const,
      };
      const category = { primary: 'LOAN_PAYMENTS', detailed: 'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT' };
      emit(ctx, 'card-payment', {
        ...payment,
        account_id: checking.account_id,
        name: `CREDIT CARD ${card.mask} PAYMENT`,
        category,
      });
      emit(ctx, 'card-payment-in', {
        ...payment,
        amount: -amount,
        account_id: card.account_id,
        name: 'PAYMENT - THANK YOU',
        category,
      });
    }
    if (savings) {
      const move = {
        amount: 200,
        date,
        payment_channel: 'online' as const,
        merchant_name: null,
        website: null,
        transaction_code: 'transfer' as const,
      };
      emit(ctx, 'savings-out', {
        ...move,
        account_id: checking.account_id,
        name: `ONLINE TRANSFER TO SAV ...${savings.mask}`,
        category: { primary: 'TRANSFER_OUT', detailed: 'TRANSFER_OUT_SAVINGS' },
        stream: { key: 'savings-out', frequency: 'MONTHLY' },
      });
      emit(ctx, 'savings-in', {
        ...move,
        amount: -200,
        account_id: savings.account_id,
        name: `ONLINE TRANSFER FROM CHK ...${checking.mask}`,
        category: { primary: 'TRANSFER_IN', detailed: 'TRANSFER_IN_ACCOUNT_TRANSFER' },
        stream: { key: 'savings-in', frequency: 'MONTHLY' },
      });
    }
  }
}
