import { bankHolidays } from '../lib/banking-calendar.js';

/**
 * Dates as day numbers (days since 1970-01-01): the hot loops compare and step integers, and only
 * the answers are formatted back to YYYY-MM-DD. Business days come from lib's Federal Reserve
 * calendar, looked up once per year into a table.
 */

/** Days from 1970-01-01 to a civil date (month 1-12); Howard Hinnant's days_from_civil. */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const ZERO = 48;

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** 'YYYY-MM-DD' (a longer ISO timestamp is cut to its date) to a day number; NaN when it is not a date. */
export function parseDay(text: string): number {
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return dayFromCivil(year, month, day);
}

export interface Civil {
  year: number;
  month: number;
  day: number;
}

/** The civil date of a day number; Howard Hinnant's civil_from_days. */
export function civilFromDay(dayNumber: number): Civil {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function formatDay(dayNumber: number): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Tables for 1970-2099, built once on first use: each day's month index (`year * 12 + month - 1`),
 * day of the month, whether it is a Federal Reserve business day and the business days on or
 * before and on or after it, and each month's first day and length. The cadence loops look days
 * and months up instead of converting dates; outside those years they fall back to arithmetic (and
 * to weekends only for business days).
 */
const FIRST_YEAR = 1970;
const LAST_YEAR = 2099;
const FIRST_MONTH = FIRST_YEAR * 12;
const MONTHS = (LAST_YEAR - FIRST_YEAR + 1) * 12;
/** Days in the tables: 1970-01-01 is day 0. */
const DAYS = dayFromCivil(LAST_YEAR + 1, 1, 1);

interface Tables {
  monthOfDay: Uint16Array;
  domOfDay: Uint8Array;
  business: Uint8Array;
  previousBusiness: Int32Array;
  nextBusiness: Int32Array;
  monthStart: Int32Array;
  monthLength: Uint8Array;
}

let tables: Tables | undefined;

function buildTables(): Tables {
  const t: Tables = {
    monthOfDay: new Uint16Array(DAYS),
    domOfDay: new Uint8Array(DAYS),
    business: new Uint8Array(DAYS),
    previousBusiness: new Int32Array(DAYS),
    nextBusiness: new Int32Array(DAYS),
    monthStart: new Int32Array(MONTHS + 1),
    monthLength: new Uint8Array(MONTHS),
  };
  for (let m = 0; m < MONTHS; m++) {
    const year = FIRST_YEAR + Math.floor(m / 12);
    const month = (m % 12) + 1;
    const start = dayFromCivil(year, month, 1);
    const length = daysInMonth(year, month);
    t.monthStart[m] = start;
    t.monthLength[m] = length;
    t.monthOfDay.fill(m, start, start + length);
    for (let dom = 1; dom <= length; dom++) t.domOfDay[start + dom - 1] = dom;
  }
  t.monthStart[MONTHS] = DAYS;
  for (let day = 0; day < DAYS; day++) {
    const weekday = weekdayOf(day);
    t.business[day] = weekday !== 0 && weekday !== 6 ? 1 : 0;
  }
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    for (const holiday of bankHolidays(year)) t.business[parseDay(holiday)] = 0;
  }
  // Each filled from its neighbour; at the ends, from the days outside (weekdays only).
  let previous = -1;
  while (weekdayOf(previous) === 0 || weekdayOf(previous) === 6) previous--;
  for (let day = 0; day < DAYS; day++) {
    if (t.business[day] === 1) previous = day;
    t.previousBusiness[day] = previous;
  }
  let next = DAYS;
  while (weekdayOf(next) === 0 || weekdayOf(next) === 6) next++;
  for (let day = DAYS - 1; day >= 0; day--) {
    if (t.business[day] === 1) next = day;
    t.nextBusiness[day] = next;
  }
  tables = t;
  return t;
}

function getTables(): Tables {
  return tables ?? buildTables();
}

/** Day `dom` of a month (`year * 12 + month - 1`), clamped to the month's length (31: the last day). */
export function dayOfMonthIndex(monthIndex: number, dom: number): number {
  const m = monthIndex - FIRST_MONTH;
  if (m >= 0 && m < MONTHS) {
    const t = getTables();
    const length = t.monthLength[m] as number;
    return (t.monthStart[m] as number) + (dom < length ? dom : length) - 1;
  }
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return dayFromCivil(year, month, Math.min(dom, daysInMonth(year, month)));
}

export function monthIndexOf(dayNumber: number): number {
  if (dayNumber >= 0 && dayNumber < DAYS) return FIRST_MONTH + (getTables().monthOfDay[dayNumber] as number);
  const { year, month } = civilFromDay(dayNumber);
  return year * 12 + month - 1;
}

/** The day of the month (1-31). */
export function domOf(dayNumber: number): number {
  if (dayNumber >= 0 && dayNumber < DAYS) return getTables().domOfDay[dayNumber] as number;
  return dayNumber - dayOfMonthIndex(monthIndexOf(dayNumber), 1) + 1;
}

/** The length of the month a day falls in. */
export function monthLengthOf(dayNumber: number): number {
  if (dayNumber >= 0 && dayNumber < DAYS) {
    const t = getTables();
    return t.monthLength[t.monthOfDay[dayNumber] as number] as number;
  }
  const m = monthIndexOf(dayNumber);
  const year = Math.floor(m / 12);
  return daysInMonth(year, m - year * 12 + 1);
}

/** 1970-01-01 was a Thursday: 0 is Sunday, 6 Saturday. */
export function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function isBusinessDay(dayNumber: number): boolean {
  if (dayNumber >= 0 && dayNumber < DAYS) return getTables().business[dayNumber] === 1;
  const weekday = weekdayOf(dayNumber);
  return weekday !== 0 && weekday !== 6;
}

/** Payroll lands early: the last business day on or before the day. */
export function previousBusinessDay(dayNumber: number): number {
  if (dayNumber >= 0 && dayNumber < DAYS) return getTables().previousBusiness[dayNumber] as number;
  let day = dayNumber;
  while (!isBusinessDay(day)) day--;
  return day;
}

/** Bills land late: the first business day on or after the day. */
export function nextBusinessDay(dayNumber: number): number {
  if (dayNumber >= 0 && dayNumber < DAYS) return getTables().nextBusiness[dayNumber] as number;
  let day = dayNumber;
  while (!isBusinessDay(day)) day++;
  return day;
}
