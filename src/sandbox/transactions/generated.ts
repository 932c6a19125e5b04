import { derivedPlaidId } from '../ids.js';
import { addDays } from './calendar.js';

/** A generated transaction's shape, and how a generator emits one into the history it builds. */

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

/** A history being generated: its Item, its window, its seeded randomness, and what it has so far. */
export interface GenerationContext {
  itemId: string;
  from: string;
  to: string;
  random: () => number;
  out: GeneratedTransaction[];
}

/** A transaction as a generator writes it; `emit` gives it its id and authorised date. */
export type Draft = Omit<
  GeneratedTransaction,
  'transaction_id' | 'authorized_date' | 'counterparties' | 'stream'
> & {
  counterparties?: Counterparty[];
  stream?: GeneratedTransaction['stream'];
};

/** Adds a transaction to the history if its date is in the window. */
export function emit(ctx: GenerationContext, key: string, draft: Draft): void {
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
