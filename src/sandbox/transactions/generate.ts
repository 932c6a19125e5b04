import type { SandboxAccount } from '../data/accounts.js';
import { derivedPlaidId } from '../ids.js';
import { addDays } from './calendar.js';
import { emit, type GeneratedTransaction, type GenerationContext } from './generated.js';
import { between, seededRandom } from './random.js';
import { type Accounts, checkingBills, payroll, subscriptions, transfers } from './recurring.js';

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

/** Everyday card spending, with the occasional refund a few days after an online purchase. */
function cardSpending(ctx: GenerationContext, card: SandboxAccount): void {
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
  const ctx: GenerationContext = {
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
  const ctx: GenerationContext = {
    itemId: params.itemId,
    from: params.date,
    to: params.date,
    random: seededRandom(params.seed),
    out: [],
  };
  cardSpending(ctx, card);
  return ctx.out.map((t) => ({ ...t, transaction_id: derivedPlaidId(`${params.seed}:${t.transaction_id}`) }));
}
