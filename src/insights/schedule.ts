import {
  dayFromCivil,
  dayOfMonthIndex,
  daysInMonth,
  isBusinessDay,
  monthIndexOf,
  nextBusinessDay,
  previousBusinessDay,
} from './day.js';
import type { Frequency } from './insights.types.js';

export type Cadence = Exclude<Frequency, 'UNKNOWN'>;

/** Average slot length in days, for spans and grace periods. */
export const PERIOD_DAYS: Record<Cadence, number> = {
  WEEKLY: 7,
  BIWEEKLY: 14,
  SEMI_MONTHLY: 15.2,
  MONTHLY: 30.4,
  ANNUALLY: 365.25,
};

/** Days an occurrence may stray from its (rolled) nominal day and still belong to its slot. */
export const TOLERANCE_DAYS: Record<Cadence, number> = {
  WEEKLY: 1,
  BIWEEKLY: 2,
  SEMI_MONTHLY: 2,
  MONTHLY: 4,
  ANNUALLY: 7,
};

/**
 * A pay or bill schedule: numbered slots (weeks, fortnights, half-months, months, years), each with a
 * nominal day. A nominal day that is a weekend or a Federal Reserve holiday may be rolled to the
 * business day before (payroll) or after (bills); a schedule on the 29th-31st is clamped to the end
 * of a shorter month. A class rather than closures: the fitting loops make many of them.
 */
const WEEKLY = 0;
const BIWEEKLY = 1;
const SEMI_MONTHLY = 2;
const MONTHLY = 3;
const ANNUALLY = 4;
const KINDS: Record<Cadence, number> = { WEEKLY, BIWEEKLY, SEMI_MONTHLY, MONTHLY, ANNUALLY };

export class Schedule {
  readonly tolerance: number;
  /** The frequency as a small number, for the switches the fitting loops run per occurrence. */
  private readonly kind: number;
  /** Set by place(): the slot nearest the day placed, and its nominal day. */
  placedSlot = 0;
  placedNominal = 0;

  /**
   * `a` and `b` by frequency: WEEKLY/BIWEEKLY a = phase day (slots count periods from it); MONTHLY
   * a = day of the month; SEMI_MONTHLY a, b = the two days; ANNUALLY a = month (1-12), b = day.
   */
  constructor(
    readonly frequency: Cadence,
    public a: number,
    public b = 0,
  ) {
    this.tolerance = TOLERANCE_DAYS[frequency];
    this.kind = KINDS[frequency];
  }

  /** Makes this the same frequency on other days (the fitting tries candidates on one object each). */
  reset(a: number, b: number): this {
    this.a = a;
    this.b = b;
    return this;
  }

  nominal(slot: number): number {
    switch (this.kind) {
      case WEEKLY:
        return this.a + slot * 7;
      case BIWEEKLY:
        return this.a + slot * 14;
      case MONTHLY:
        return dayOfMonthIndex(slot, this.a);
      case SEMI_MONTHLY: {
        const month = Math.floor(slot / 2);
        return dayOfMonthIndex(month, slot - month * 2 === 0 ? this.a : this.b);
      }
      default:
        return dayFromCivil(slot, this.a, Math.min(this.b, daysInMonth(slot, this.a)));
    }
  }

  /** The slot whose nominal day is nearest. */
  slotNear(day: number): number {
    this.place(day);
    return this.placedSlot;
  }

  /** Finds the slot whose nominal day is nearest the day, into placedSlot and placedNominal. */
  place(day: number): void {
    switch (this.kind) {
      case WEEKLY:
      case BIWEEKLY: {
        const period = this.kind === WEEKLY ? 7 : 14;
        const slot = Math.round((day - this.a) / period);
        this.placedSlot = slot;
        this.placedNominal = this.a + slot * period;
        return;
      }
      case MONTHLY: {
        // This month's nominal day, or a neighbour's when the day is more than half a month off it.
        const month = monthIndexOf(day);
        const nominal = dayOfMonthIndex(month, this.a);
        const offset = day - nominal;
        if (offset > 14) this.nearest(day, month, month + 1);
        else if (offset < -14) this.nearest(day, month - 1, month);
        else {
          this.placedSlot = month;
          this.placedNominal = nominal;
        }
        return;
      }
      case SEMI_MONTHLY:
        this.placeSemiMonthly(day);
        return;
      default: {
        const year = Math.floor(monthIndexOf(day) / 12);
        this.nearest(day, year - 1, year + 1);
      }
    }
  }

  /** nearest() over the month's two days and the neighbours' nearer ones, unrolled. */
  private placeSemiMonthly(day: number): void {
    const month = monthIndexOf(day);
    const n0 = dayOfMonthIndex(month - 1, this.b);
    const n1 = dayOfMonthIndex(month, this.a);
    const n2 = dayOfMonthIndex(month, this.b);
    const n3 = dayOfMonthIndex(month + 1, this.a);
    let slot = month * 2 - 1;
    let nominal = n0;
    let distance = Math.abs(day - n0);
    if (Math.abs(day - n1) < distance) {
      slot = month * 2;
      nominal = n1;
      distance = Math.abs(day - n1);
    }
    if (Math.abs(day - n2) < distance) {
      slot = month * 2 + 1;
      nominal = n2;
      distance = Math.abs(day - n2);
    }
    if (Math.abs(day - n3) < distance) {
      slot = month * 2 + 2;
      nominal = n3;
    }
    this.placedSlot = slot;
    this.placedNominal = nominal;
  }

  private nearest(day: number, from: number, to: number): void {
    let best = from;
    let bestNominal = 0;
    let bestDistance = Infinity;
    for (let slot = from; slot <= to; slot++) {
      const nominal = this.nominal(slot);
      const distance = Math.abs(day - nominal);
      if (distance < bestDistance) {
        best = slot;
        bestNominal = nominal;
        bestDistance = distance;
      }
    }
    this.placedSlot = best;
    this.placedNominal = bestNominal;
  }
}

/** How far a day is from a slot's nominal day, counting a weekend or holiday roll either way as on time. */
export function residual(day: number, nominal: number): number {
  const direct = Math.abs(day - nominal);
  if (direct === 0 || isBusinessDay(nominal)) return direct;
  return Math.min(
    direct,
    Math.abs(day - previousBusinessDay(nominal)),
    Math.abs(day - nextBusinessDay(nominal)),
  );
}

/** Which way the history rolls a nominal day that is not a business day: -1 back, 1 forward, 0 not at all. */
export type Roll = -1 | 0 | 1;

export function applyRoll(day: number, roll: Roll): number {
  if (roll === 0) return day;
  return roll < 0 ? previousBusinessDay(day) : nextBusinessDay(day);
}
