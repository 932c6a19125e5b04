import {
  civilFromDay,
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

/**
 * A pay or bill schedule: numbered slots (weeks, fortnights, half-months, months, years), each with a
 * nominal day. A nominal day that is a weekend or a Federal Reserve holiday may be rolled to the
 * business day before (payroll) or after (bills); a schedule on the 29th-31st is clamped to the end
 * of a shorter month.
 */
export interface Schedule {
  frequency: Cadence;
  /** Days an occurrence may stray from its (rolled) nominal day and still belong to the slot. */
  tolerance: number;
  nominal(slot: number): number;
  slotNear(day: number): number;
}

/** Average slot length in days, for spans and grace periods. */
export const PERIOD_DAYS: Record<Cadence, number> = {
  WEEKLY: 7,
  BIWEEKLY: 14,
  SEMI_MONTHLY: 15.2,
  MONTHLY: 30.4,
  ANNUALLY: 365.25,
};

export const TOLERANCE_DAYS: Record<Cadence, number> = {
  WEEKLY: 1,
  BIWEEKLY: 2,
  SEMI_MONTHLY: 2,
  MONTHLY: 4,
  ANNUALLY: 7,
};

/** Every `period` days from a phase day (7: weekly, 14: biweekly). */
export function everyNDays(frequency: 'WEEKLY' | 'BIWEEKLY', phase: number): Schedule {
  const period = frequency === 'WEEKLY' ? 7 : 14;
  return {
    frequency,
    tolerance: TOLERANCE_DAYS[frequency],
    nominal: (slot) => phase + slot * period,
    slotNear: (day) => Math.round((day - phase) / period),
  };
}

function nearestSlot(day: number, from: number, to: number, nominal: (slot: number) => number): number {
  let best = from;
  let bestDistance = Infinity;
  for (let slot = from; slot <= to; slot++) {
    const distance = Math.abs(day - nominal(slot));
    if (distance < bestDistance) {
      best = slot;
      bestDistance = distance;
    }
  }
  return best;
}

/** Day `dom` of every month (31: the last day). Slots are month indexes. */
export function monthly(dom: number): Schedule {
  const nominal = (slot: number) => dayOfMonthIndex(slot, dom);
  return {
    frequency: 'MONTHLY',
    tolerance: TOLERANCE_DAYS.MONTHLY,
    nominal,
    slotNear: (day) => {
      const month = monthIndexOf(day);
      return nearestSlot(day, month - 1, month + 1, nominal);
    },
  };
}

/** Days `first` and `second` of every month (second 31: the last day). Two slots a month. */
export function semiMonthly(first: number, second: number): Schedule {
  const nominal = (slot: number) => {
    const month = Math.floor(slot / 2);
    return dayOfMonthIndex(month, slot - month * 2 === 0 ? first : second);
  };
  return {
    frequency: 'SEMI_MONTHLY',
    tolerance: TOLERANCE_DAYS.SEMI_MONTHLY,
    nominal,
    slotNear: (day) => {
      const month = monthIndexOf(day);
      return nearestSlot(day, month * 2 - 2, month * 2 + 3, nominal);
    },
  };
}

/** The same month and day every year (29 February falls on the 28th). Slots are years. */
export function annually(month: number, dom: number): Schedule {
  const nominal = (year: number) => dayFromCivil(year, month, Math.min(dom, daysInMonth(year, month)));
  return {
    frequency: 'ANNUALLY',
    tolerance: TOLERANCE_DAYS.ANNUALLY,
    nominal,
    slotNear: (day) => {
      const { year } = civilFromDay(day);
      return nearestSlot(day, year - 1, year + 1, nominal);
    },
  };
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
