/** Dates as YYYY-MM-DD strings in UTC, and the Federal Reserve's banking days (weekends and Fed holidays). */

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

const holidayCache = new Map<number, Set<string>>();

/** Federal Reserve holidays of a year. */
export function bankHolidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (!set) {
    const fixed = (month: number, day: number) => isoDate(new Date(Date.UTC(year, month, day)));
    set = new Set([
      fixed(0, 1),
      nthWeekday(year, 0, 1, 3),
      nthWeekday(year, 1, 1, 3),
      nthWeekday(year, 4, 1, -1),
      fixed(5, 19),
      fixed(6, 4),
      nthWeekday(year, 8, 1, 1),
      nthWeekday(year, 9, 1, 2),
      fixed(10, 11),
      nthWeekday(year, 10, 4, 4),
      fixed(11, 25),
    ]);
    holidayCache.set(year, set);
  }
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
