import type { SandboxAccount } from '../data/accounts.js';
import { derivedPlaidId } from '../ids.js';
import { addDays, monthlyDates, nextBusinessDay, previousBusinessDay } from './calendar.js';
import { between, pick, seededRandom } from './random.js';

export type Frequency = 'WEEKLY' | 'BIWEEKLY' | 'SEMI_MONTHLY' | 'MONTHLY' | 'ANNUALLY';

export interface Counterparty {
  name: string;
  type:
    | 'merchant'
    | 'financial_institution'
    | 'payment_app'
    | 'marketplace'
    | 'payment_terminal'
    | 'income_source';
  website: string | null;
}

/** One generated transaction; amounts are Plaid's: positive is money out, negative money in. */
export interface GeneratedTransaction {
  transaction_id: string;
  account_id: string;
  amount: number;
  date: string;
  authorized_date: string;
  name: string;
  merchant_name: string | null;
  website: string | null;
  payment_channel: 'online' | 'in store' | 'other';
  transaction_code: 'purchase' | 'refund' | 'transfer' | 'direct debit' | 'bill payment' | 'interest' | null;
  category: { primary: string; detailed: string };
  counterparties: Counterparty[];
  /** Key of the recurring series this belongs to; null for one-off spending. */
  stream: { key: string; frequency: Frequency } | null;
  /** For a posted transaction that replaced a pending one. */
  pending_transaction_id?: string;
}

interface Merchant {
  name: string;
  website: string;
  primary: string;
  detailed: string;
  min: number;
  max: number;
  channel: 'online' | 'in store';
  weight: number;
}

// prettier-ignore
const MERCHANTS: readonly Merchant[] = [
  { name: 'Starbucks', website: 'starbucks.com', primary: 'FOOD_AND_DRINK', detailed: 'FOOD_AND_DRINK_COFFEE', min: 4.25, max: 9.8, channel: 'in store', weight: 5 },
  { name: 'Whole Foods Market', website: 'wholefoodsmarket.com', primary: 'FOOD_AND_DRINK', detailed: 'FOOD_AND_DRINK_GROCERIES', min: 32, max: 148, channel: 'in store', weight: 4 },
  { name: "Trader Joe's", website: 'traderjoes.com', primary: 'FOOD_AND_DRINK', detailed: 'FOOD_AND_DRINK_GROCERIES', min: 24, max: 96, channel: 'in store', weight: 3 },
  { name: 'Chipotle Mexican Grill', website: 'chipotle.com', primary: 'FOOD_AND_DRINK', detailed: 'FOOD_AND_DRINK_FAST_FOOD', min: 10.5, max: 24, channel: 'in store', weight: 3 },
  { name: 'Shell', website: 'shell.com', primary: 'TRANSPORTATION', detailed: 'TRANSPORTATION_GAS', min: 28, max: 71, channel: 'in store', weight: 2 },
  { name: 'Uber', website: 'uber.com', primary: 'TRANSPORTATION', detailed: 'TRANSPORTATION_TAXIS_AND_RIDE_SHARES', min: 8.9, max: 42, channel: 'online', weight: 2 },
  { name: 'Target', website: 'target.com', primary: 'GENERAL_MERCHANDISE', detailed: 'GENERAL_MERCHANDISE_SUPERSTORES', min: 12, max: 160, channel: 'in store', weight: 2 },
  { name: 'Amazon', website: 'amazon.com', primary: 'GENERAL_MERCHANDISE', detailed: 'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES', min: 9.99, max: 210, channel: 'online', weight: 4 },
  { name: 'CVS Pharmacy', website: 'cvs.com', primary: 'MEDICAL', detailed: 'MEDICAL_PHARMACIES_AND_SUPPLEMENTS', min: 6, max: 58, channel: 'in store', weight: 1 },
];

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

interface Accounts {
  checking: SandboxAccount | undefined;
  savings: SandboxAccount | undefined;
  card: SandboxAccount | undefined;
}

interface Context {
  itemId: string;
  from: string;
  to: string;
  random: () => number;
  out: GeneratedTransaction[];
}

type Draft = Omit<
  GeneratedTransaction,
  'transaction_id' | 'authorized_date' | 'counterparties' | 'stream'
> & {
  counterparties?: Counterparty[];
  stream?: GeneratedTransaction['stream'];
};

function emit(ctx: Context, key: string, draft: Draft): void {
  if (draft.date < ctx.from || draft.date > ctx.to) return;
  const lag = draft.payment_channel === 'in store' ? Math.floor(ctx.random() * 3) : 0;
  ctx.out.push({
    counterparties: [],
    stream: null,
    ...draft,
    transaction_id: derivedPlaidId(`${ctx.itemId}:tx:${key}:${draft.date}:${ctx.out.length}`),
    authorized_date: addDays(draft.date, -lag),
  });
}

/** Paydays of the chosen schedule, moved to the business day before a weekend or bank holiday. */
function paydays(ctx: Context, frequency: Frequency, anchor: string): string[] {
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

function payroll(ctx: Context, checking: SandboxAccount): void {
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

function monthlyBills(ctx: Context, account: SandboxAccount, bills: Bill[]): void {
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

function checkingBills(ctx: Context, checking: SandboxAccount): void {
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

function subscriptions(ctx: Context, card: SandboxAccount): void {
  // prettier-ignore
  monthlyBills(ctx, card, [
    { key: 'netflix', name: 'NETFLIX.COM', merchant: 'Netflix', website: 'netflix.com', day: 3, amount: () => 15.49, primary: 'ENTERTAINMENT', detailed: 'ENTERTAINMENT_TV_AND_MOVIES', code: 'purchase' },
    { key: 'spotify', name: 'SPOTIFY USA', merchant: 'Spotify', website: 'spotify.com', day: 11, amount: () => 11.99, primary: 'ENTERTAINMENT', detailed: 'ENTERTAINMENT_MUSIC_AND_AUDIO', code: 'purchase' },
    { key: 'gym', name: 'PLANET FITNESS CLUB FEES', merchant: 'Planet Fitness', website: 'planetfitness.com', day: 17, amount: () => 24.99, primary: 'PERSONAL_CARE', detailed: 'PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS', code: 'purchase' },
  ]);
}

/** Everyday card spending, with the occasional refund a few days after an online purchase. */
function cardSpending(ctx: Context, card: SandboxAccount): void {
  const totalWeight = MERCHANTS.reduce((sum, m) => sum + m.weight, 0);
  for (let date = ctx.from; date <= ctx.to; date = addDays(date, 1)) {
    // Most days have a purchase or two; the last day always has one, so a fresh history shows pending spending.
    const count = ctx.random() < 0.25 && date !== ctx.to ? 0 : ctx.random() < 0.7 ? 1 : 2;
    for (let i = 0; i < count; i++) {
      let roll = ctx.random() * totalWeight;
      const merchant = MERCHANTS.find((m) => (roll -= m.weight) < 0) ?? MERCHANTS[0];
      if (!merchant) return;
      const amount = between(ctx.random, merchant.min, merchant.max);
      const base = {
        account_id: card.account_id,
        merchant_name: merchant.name,
        website: merchant.website,
        payment_channel: merchant.channel,
        category: { primary: merchant.primary, detailed: merchant.detailed },
        counterparties: [{ name: merchant.name, type: 'merchant' as const, website: merchant.website }],
      };
      emit(ctx, 'card', {
        ...base,
        amount,
        date,
        name: merchant.name.toUpperCase(),
        transaction_code: 'purchase',
      });
      if (merchant.channel === 'online' && ctx.random() < 0.08) {
        const refundDate = addDays(date, 3 + Math.floor(ctx.random() * 8));
        emit(ctx, 'refund', {
          ...base,
          amount: -amount,
          date: refundDate,
          name: `${merchant.name.toUpperCase()} REFUND`,
          transaction_code: 'refund',
        });
      }
    }
  }
}

/** The monthly card payment from checking, and the savings transfer. */
function transfers(ctx: Context, accounts: Accounts): void {
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

/**
 * A person's history between two dates: payroll through a payroll provider, rent, utilities with
 * varying amounts, a loan, subscriptions, card spending with refunds, card payments and savings
 * transfers. Deterministic for a seed.
 */
export function generateTransactions(params: {
  seed: string;
  itemId: string;
  accounts: readonly SandboxAccount[];
  from: string;
  to: string;
}): GeneratedTransaction[] {
  const find = (subtype: string) => params.accounts.find((a) => String(a.subtype) === subtype);
  const accounts: Accounts = {
    checking: find('checking'),
    savings: find('savings'),
    card: find('credit card'),
  };
  const ctx: Context = {
    itemId: params.itemId,
    from: params.from,
    to: params.to,
    random: seededRandom(params.seed),
    out: [],
  };
  if (accounts.checking) {
    payroll(ctx, accounts.checking);
    checkingBills(ctx, accounts.checking);
  }
  if (accounts.card) {
    subscriptions(ctx, accounts.card);
    cardSpending(ctx, accounts.card);
  }
  transfers(ctx, accounts);
  return ctx.out.sort((a, b) =>
    a.date === b.date ? a.transaction_id.localeCompare(b.transaction_id) : b.date.localeCompare(a.date),
  );
}

/** A day's card spending, for Items whose history keeps growing (`user_transactions_dynamic`). */
export function generateDaySpending(params: {
  seed: string;
  itemId: string;
  accounts: readonly SandboxAccount[];
  date: string;
}): GeneratedTransaction[] {
  const card = params.accounts.find((a) => String(a.subtype) === 'credit card') ?? params.accounts[0];
  if (!card) return [];
  const ctx: Context = {
    itemId: params.itemId,
    from: params.date,
    to: params.date,
    random: seededRandom(params.seed),
    out: [],
  };
  cardSpending(ctx, card);
  return ctx.out.map((t) => ({ ...t, transaction_id: derivedPlaidId(`${params.seed}:${t.transaction_id}`) }));
}
