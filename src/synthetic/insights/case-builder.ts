import { addDays, monthlyDates, nextBusinessDay, previousBusinessDay } from '../../lib/banking-calendar.js';
import type { Frequency } from '../../insights/insights.types.js';
import type { CaseGold, GoldStream, PlaidLikeTransaction } from './corpus.types.js';
import { chance, int, plaidId, type Random } from './random.js';

/**
 * Builds one person's history: transactions as Plaid returns them and, for every series that is a
 * stream, the truth about it. Dates are YYYY-MM-DD strings on lib's banking calendar, computed
 * independently of the detector's own schedule code.
 */

export type Cadence = Exclude<Frequency, 'UNKNOWN'>;

export interface Look {
  name: string;
  merchant_name: string | null;
  category: { primary: string; detailed: string } | null;
  channel: 'online' | 'in store' | 'other';
}

/** How a nominal day that is not a business day moves: back (payroll), forward (bills), or not at all. */
export type Roll = 'back' | 'forward' | 'none';

export interface Schedule {
  frequency: Cadence;
  /** Nominal dates in order, from `from` to `to`. */
  dates: (from: string, to: string) => string[];
}

export interface StreamSpec {
  label: string;
  accountId: string;
  inflow: boolean;
  schedule: Schedule;
  roll: Roll;
  /** Days an occurrence may land early or late (uniform), before the roll. */
  jitter?: number;
  /** Days a card charge may take to post (uniform, after the roll). */
  lag?: number;
  start: string;
  /** The stream's last possible day (cancelled, job left); undefined when it goes on past the as-of day. */
  end?: string | undefined;
  missRate?: number;
  /** Positive size of occurrence k. */
  amount: (k: number, date: string) => number;
  look: (k: number, date: string) => Look;
  /** Decoys and one-offs emit transactions but are no stream. */
  isStream?: boolean;
}

export function everyDays(frequency: 'WEEKLY' | 'BIWEEKLY', anchor: string): Schedule {
  const step = frequency === 'WEEKLY' ? 7 : 14;
  return {
    frequency,
    dates: (from, to) => {
      let day = anchor;
      while (day > from) day = addDays(day, -step);
      const out: string[] = [];
      for (; day <= to; day = addDays(day, step)) if (day >= from) out.push(day);
      return out;
    },
  };
}

export function onDaysOfMonth(frequency: 'MONTHLY' | 'SEMI_MONTHLY', days: number[]): Schedule {
  return { frequency, dates: (from, to) => days.flatMap((d) => monthlyDates(from, to, d)).sort() };
}

export function yearly(month: number, day: number): Schedule {
  return {
    frequency: 'ANNUALLY',
    dates: (from, to) => monthlyDates(from, to, day).filter((date) => Number(date.slice(5, 7)) === month),
  };
}

function rolled(date: string, roll: Roll): string {
  if (roll === 'back') return previousBusinessDay(date);
  return roll === 'forward' ? nextBusinessDay(date) : date;
}

export class CaseBuilder {
  readonly transactions: PlaidLikeTransaction[] = [];
  readonly gold: CaseGold = { streams: [], employers: [] };

  constructor(
    readonly random: Random,
    readonly from: string,
    readonly asOf: string,
  ) {}

  /** Adds one transaction; returns its id. `size` is positive; `inflow` makes it money in. */
  add(accountId: string, date: string, size: number, inflow: boolean, look: Look): string {
    const id = plaidId(this.random);
    const lag = look.channel === 'in store' ? int(this.random, 0, 2) : 0;
    this.transactions.push({
      transaction_id: id,
      account_id: accountId,
      account_owner: null,
      amount: Math.round((inflow ? -size : size) * 100) / 100,
      iso_currency_code: 'USD',
      unofficial_currency_code: null,
      date,
      authorized_date: addDays(date, -lag),
      authorized_datetime: null,
      datetime: null,
      pending: false,
      pending_transaction_id: null,
      name: look.name,
      merchant_name: look.merchant_name,
      payment_channel: look.channel,
      personal_finance_category: look.category,
      category: null,
      category_id: null,
      transaction_code: null,
      check_number: null,
      logo_url: null,
      website: null,
      location: {},
      payment_meta: {},
    });
    return id;
  }

  /** The occurrence dates of a spec, past and future (nominal dates rolled and jittered). */
  private occurrences(spec: StreamSpec): string[] {
    const to = addDays(this.asOf, 400);
    return spec.schedule.dates(spec.start, to).map((nominal) => {
      const jitter = spec.jitter ? int(this.random, -spec.jitter, spec.jitter) : 0;
      const lag = spec.lag ? int(this.random, 0, spec.lag) : 0;
      return addDays(rolled(addDays(nominal, jitter), spec.roll), lag);
    });
  }

  /** Emits a series; records it as a gold stream unless it is a decoy. Returns the emitted ids. */
  stream(spec: StreamSpec): string[] {
    const ids: string[] = [];
    let next: string | null = null;
    let k = 0;
    for (const date of this.occurrences(spec)) {
      if (spec.end !== undefined && date > spec.end) break;
      if (date > this.asOf) {
        next = date;
        break;
      }
      const missed = k > 0 && chance(this.random, spec.missRate ?? 0);
      if (date >= this.from && !missed)
        ids.push(this.add(spec.accountId, date, spec.amount(k, date), spec.inflow, spec.look(k, date)));
      k++;
    }
    if (spec.isStream !== false) this.recordStream(spec, ids, next);
    return ids;
  }

  private recordStream(spec: StreamSpec, ids: string[], next: string | null): void {
    const annual = spec.schedule.frequency === 'ANNUALLY';
    if (ids.length < 2) return;
    const isActive = spec.end === undefined || spec.end > this.asOf;
    const mature = ids.length >= 3 || annual;
    const stream: GoldStream = {
      label: spec.label,
      account_id: spec.accountId,
      inflow: spec.inflow,
      frequency: spec.schedule.frequency,
      transaction_ids: ids,
      status: mature ? 'MATURE' : isActive ? 'EARLY_DETECTION' : 'TOMBSTONED',
      is_active: isActive,
      next_date: isActive ? next : null,
      optional: !mature,
    };
    this.gold.streams.push(stream);
  }
}
