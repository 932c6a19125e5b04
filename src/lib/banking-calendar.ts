/**
 * Dates as YYYY-MM-DD strings, the Federal Reserve's banking days (weekends and Fed holidays as the
 * Fed observes them), and wall-clock time in a named zone (the Fed keeps Eastern Time) through Intl.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

export function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The n-th (1-based; -1 for last) given weekday of a month. */
function nthWeekday(year: number, month: number, day: number, n: number): string {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
    return isoDate(new Date(Date.UTC(year, month, 1 + ((day - first + 7) % 7) + (n - 1) * 7)));
  }
  const last = new Date(Date.UTC(year, month + 1, 0));
  return isoDate(new Date(last.getTime() - ((last.getUTCDay() - day + 7) % 7) * DAY_MS));
}

/**
 * The Fed's rule for a fixed-date holiday: on a Sunday it is observed the Monday after; on a Saturday
 * the Reserve Banks stay open the Friday before, so no weekday is closed (a Saturday New Year's Day
 * closes nothing, not even December 31).
 */
function observed(date: string): string | undefined {
  switch (weekday(date)) {
    case 0:
      return addDays(date, 1);
    case 6:
      return undefined;
    default:
      return date;
  }
}

const holidayCache = new Map<number, Set<string>>();

/** The weekdays the Federal Reserve Banks are closed for a holiday in a year. */
export function bankHolidays(year: number): Set<string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const fixed = (month: number, day: number) => observed(isoDate(new Date(Date.UTC(year, month, day))));
  const dates = [
    fixed(0, 1),
    nthWeekday(year, 0, 1, 3),
    nthWeekday(year, 1, 1, 3),
    nthWeekday(year, 4, 1, -1),
    // Juneteenth became a federal holiday in June 2021 too late for the Fed to close; it did from 2022.
    year >= 2022 ? fixed(5, 19) : undefined,
    fixed(6, 4),
    nthWeekday(year, 8, 1, 1),
    nthWeekday(year, 9, 1, 2),
    fixed(10, 11),
    nthWeekday(year, 10, 4, 4),
    fixed(11, 25),
  ];
  const set = new Set(dates.filter((date): date is string => date !== undefined));
  holidayCache.set(year, set);
  return set;
}

export function isBusinessDay(date: string): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6 && !bankHolidays(Number(date.slice(0, 4))).has(date);
}

/** Payroll lands early: the last business day on or before `date`. */
export function previousBusinessDay(date: string): string {
  let day = date;
  while (!isBusinessDay(day)) day = addDays(day, -1);
  return day;
}

/** Bills land late: the first business day on or after `date`. */
export function nextBusinessDay(date: string): string {
  let day = date;
  while (!isBusinessDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * The n-th business day after `date` (before it when n is negative); `date` itself for 0.
 * From a Saturday, one business day on is the Monday (or the Tuesday after a Monday holiday).
 */
export function addBusinessDays(date: string, n: number): string {
  const step = n < 0 ? -1 : 1;
  let day = date;
  for (let left = Math.abs(n); left > 0;) {
    day = addDays(day, step);
    if (isBusinessDay(day)) left--;
  }
  return day;
}

/**
 * How many business days lie after `from` up to and including `to` (negative when `to` is earlier):
 * Friday to the next Monday is 1, so `addBusinessDays(from, businessDaysBetween(from, to))` is `to`
 * whenever `to` is a business day.
 */
export function businessDaysBetween(from: string, to: string): number {
  if (to < from) return -businessDaysBetween(to, from);
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (isBusinessDay(day)) count++;
  }
  return count;
}

/** Day `day` of each month from `from` to `to` (clamped to the month's length). */
export function monthlyDates(from: string, to: string, day: number): string[] {
  const dates: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7)) - 1;
  for (;;) {
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const date = isoDate(new Date(Date.UTC(year, month, Math.min(day, lastDay))));
    if (date > to) return dates;
    if (date >= from) dates.push(date);
    month++;
    if (month === 12) {
      month = 0;
      year++;
    }
  }
}

/** The Federal Reserve's own zone: every FedACH deadline is Eastern Time, daylight saving included. */
export const FED_TIME_ZONE = 'America/New_York';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time a zone's clocks show at `ms`, as if it were UTC, read through Intl. */
function formattedWallMs(ms: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(new Date(ms))) part[type] = value;
  return Date.parse(`${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}:${part.second}Z`);
}

/**
 * Zones change their offset only on a quarter hour (every DST change since standard time zones
 * began), so the offset is read through Intl once per zone and quarter hour: reading it costs
 * microseconds, and the rail and every transfer ask for the time in New York.
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, number>();
const MAX_OFFSETS = 10_000;

function zoneOffsetMs(ms: number, timeZone: string): number {
  const start = Math.floor(ms / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  const key = `${timeZone}|${start}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = formattedWallMs(start, timeZone) - start;
    if (offsets.size >= MAX_OFFSETS) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

function wallClock(at: Date, timeZone: string): { date: string; time: string; asUtcMs: number } {
  const asUtcMs = at.getTime() + zoneOffsetMs(at.getTime(), timeZone);
  const iso = new Date(asUtcMs).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19), asUtcMs };
}

/** The calendar date an instant falls on in a zone (a 23:30 New York evening is still that day there). */
export function zonedDate(at: Date, timeZone: string = FED_TIME_ZONE): string {
  return wallClock(at, timeZone).date;
}

/** The wall-clock time (HH:MM:SS) an instant shows in a zone. */
export function zonedTime(at: Date, timeZone: string = FED_TIME_ZONE): string {
  return wallClock(at, timeZone).time;
}

/**
 * The instant a zone's clocks show `time` (HH:MM) on `date`. The zone's offset is read at a first
 * guess and then again at the corrected instant, which settles it on either side of a DST change. A
 * time skipped by spring-forward lands an hour later; one repeated by fall-back takes the first.
 */
export function zonedInstant(date: string, time: string, timeZone: string = FED_TIME_ZONE): Date {
  const wallMs = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(wallMs)) throw new RangeError(`not a date and HH:MM time: ${date} ${time}`);
  const candidate = (ms: number) => wallMs - (wallClock(new Date(ms), timeZone).asUtcMs - ms);
  const first = candidate(wallMs);
  const second = candidate(first);
  if (candidate(second) === second) return new Date(second);
  if (candidate(first) === first) return new Date(first);
  return new Date(Math.max(first, second));
}
