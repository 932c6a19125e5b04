import { addDays, isoDate, monthlyDates } from '../transactions/calendar.js';

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** The same day `months` months later (or earlier), clamped to the month's length. */
export function addMonths(date: string, months: number, day = Number(date.slice(8, 10))): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return isoDate(new Date(Date.UTC(year, month, Math.min(day, lastDay))));
}

/** The first date after `today` falling on day `day` of its month. */
export function nextMonthDay(today: string, day: number): string {
  return monthlyDates(addDays(today, 1), addDays(today, 32), day)[0] ?? addMonths(today, 1, day);
}

/** The last date on or before `today` falling on day `day` of its month. */
export function lastMonthDay(today: string, day: number): string {
  return monthlyDates(addDays(today, -32), today, day).at(-1) ?? addMonths(today, -1, day);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** The level monthly payment that pays `principal` off in `months` at `annualRatePercent`. */
export function levelPayment(principal: number, annualRatePercent: number, months: number): number {
  const r = annualRatePercent / 100 / 12;
  if (r === 0) return principal / months;
  return (principal * r) / (1 - (1 + r) ** -months);
}

/**
 * The original principal of a level-payment loan of `months` months that, after `paid` payments,
 * has `balance` left.
 */
export function originalPrincipal(
  balance: number,
  annualRatePercent: number,
  months: number,
  paid: number,
): number {
  const r = annualRatePercent / 100 / 12;
  if (r === 0) return (balance * months) / (months - paid);
  return (balance * ((1 + r) ** months - 1)) / ((1 + r) ** months - (1 + r) ** paid);
}

/**
 * Interest and principal of the last `count` payments, walked back from today's `balance`: before a
 * payment the balance was (after + payment) / (1 + r).
 */
export function paidSoFar(
  balance: number,
  annualRatePercent: number,
  payment: number,
  count: number,
): { interest: number; principal: number } {
  const r = annualRatePercent / 100 / 12;
  let after = balance;
  let interest = 0;
  let principal = 0;
  for (let i = 0; i < count; i++) {
    const before = (after + payment) / (1 + r);
    interest += before * r;
    principal += payment - before * r;
    after = before;
  }
  return { interest: round2(interest), principal: round2(principal) };
}

/** Payments on day `day` of each month from January 1st of `lastPayment`'s year up to it. */
export function paymentsThisYear(lastPayment: string, day: number): number {
  return monthlyDates(`${lastPayment.slice(0, 4)}-01-01`, lastPayment, day).length;
}
