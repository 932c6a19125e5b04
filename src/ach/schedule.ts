import {
  addBusinessDays,
  FED_TIME_ZONE,
  nextBusinessDay,
  zonedDate,
  zonedInstant,
} from '../lib/banking-calendar.js';

/** How fast an entry should settle: the next-day (future-dated) flow or a Same Day ACH window. */
export type AchSpeed = 'standard' | 'same_day';

/**
 * One processing window: files in by `cutoff` (HH:MM in the schedule's zone), `cutoffDaysBefore`
 * banking days before the settlement day, settle at `settlement` on that day.
 */
export interface AchWindow {
  readonly name: string;
  readonly speed: AchSpeed;
  readonly cutoff: string;
  readonly cutoffDaysBefore: number;
  readonly settlement: string;
}

export interface Schedule {
  readonly timeZone: string;
  readonly windows: readonly AchWindow[];
  /** Same Day ACH takes entries up to this amount (Nacha's per-entry limit since March 2022). */
  readonly sameDayLimitCents: number;
}

/**
 * The FedACH processing schedule (Eastern Time). Future-dated items in by 02:15 on a banking day
 * settle at 08:30 that day; the three Same Day windows (10:30, 14:45, 16:45) settle at 13:00, 17:00
 * and 18:00 the same day. A real ODFI's own cut-offs come earlier: pass its schedule instead.
 */
export const FEDACH_SCHEDULE: Schedule = {
  timeZone: FED_TIME_ZONE,
  windows: [
    { name: 'next_day', speed: 'standard', cutoff: '02:15', cutoffDaysBefore: 0, settlement: '08:30' },
    { name: 'same_day_1', speed: 'same_day', cutoff: '10:30', cutoffDaysBefore: 0, settlement: '13:00' },
    { name: 'same_day_2', speed: 'same_day', cutoff: '14:45', cutoffDaysBefore: 0, settlement: '17:00' },
    { name: 'same_day_3', speed: 'same_day', cutoff: '16:45', cutoffDaysBefore: 0, settlement: '18:00' },
  ],
  sameDayLimitCents: 1_000_000_00,
};

export interface AchTiming {
  /** The window the file makes; a same-day request can be best served by the next-day one. */
  readonly window: AchWindow;
  readonly cutoffAt: Date;
  /** What the batch header's effective entry date says: the settlement day. */
  readonly effectiveEntryDate: string;
  readonly settlementDate: string;
  readonly settlementAt: Date;
}

/** How many banking days ahead to look for a window before calling the schedule broken. */
const SEARCH_DAYS = 10;

/**
 * The first window a file sent at `at` makes for the speed asked, and when its entries settle. A
 * standard request uses only next-day windows. A same-day request takes whichever window settles
 * first, so after the last Same Day cut-off it gets the next morning's next-day settlement (an
 * entry dated tomorrow settles at 08:30, before tomorrow's first Same Day window). A submission
 * exactly at a cut-off makes it.
 */
export function nextAchWindow(at: Date, speed: AchSpeed, schedule: Schedule = FEDACH_SCHEDULE): AchTiming {
  const usable = schedule.windows.filter((w) => speed === 'same_day' || w.speed === 'standard');
  if (usable.length === 0) throw new Error(`the schedule has no window for ${speed}`);
  let day = nextBusinessDay(zonedDate(at, schedule.timeZone));
  for (let i = 0; i < SEARCH_DAYS; i++, day = addBusinessDays(day, 1)) {
    const best = bestWindowOn(day, at, usable, schedule.timeZone);
    if (best) return best;
  }
  throw new Error('no ACH window within ten banking days');
}

function bestWindowOn(
  day: string,
  at: Date,
  windows: readonly AchWindow[],
  timeZone: string,
): AchTiming | undefined {
  let best: AchTiming | undefined;
  for (const window of windows) {
    const cutoffAt = zonedInstant(addBusinessDays(day, -window.cutoffDaysBefore), window.cutoff, timeZone);
    if (cutoffAt < at) continue;
    const settlementAt = zonedInstant(day, window.settlement, timeZone);
    if (!best || settlementAt < best.settlementAt) {
      best = { window, cutoffAt, effectiveEntryDate: day, settlementDate: day, settlementAt };
    }
  }
  return best;
}

/** Whether an entry of this amount may go in a Same Day window at all. */
export function isSameDayEligible(amountCents: number, schedule: Schedule = FEDACH_SCHEDULE): boolean {
  return amountCents <= schedule.sameDayLimitCents;
}
