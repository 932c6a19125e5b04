import { bestPhase, countDomVotes, domScores, kth, pickDom } from './cadence-votes.js';
import { domOf, isBusinessDay, monthIndexOf } from './day.js';
import { type Cadence, PERIOD_DAYS, residual, type Roll, Schedule, TOLERANCE_DAYS } from './schedule.js';

/**
 * Cadence fitting: for each frequency, the schedule that best explains a series of dates (phase for
 * weekly and biweekly, day(s) of the month, day of the year), matched occurrence by occurrence so
 * that stray charges drop out as outliers and missed occurrences show as empty slots. Candidates
 * are scored as they are made, into scratch tables and a reused tally (fitting runs one series at a
 * time and is never re-entered); only the winner's inliers are collected.
 */

export interface Fit {
  schedule: Schedule;
  /** Indexes (into the dates) of the occurrences that sit on the schedule, one per slot. */
  inliers: number[];
  /** The slot of each inlier. */
  slots: number[];
  /** Inliers over the slots from the first inlier's to the last's: 1 when nothing was missed. */
  coverage: number;
  meanResidual: number;
  score: number;
}

/**
 * The last walk's figures, at the indexes below: a typed array, since a double stored in an object's
 * field may be boxed anew each time, and walks run hundreds of thousands of times a second.
 */
const tally = new Float64Array(4);
const COUNT = 0;
const COVERAGE = 1;
const MEAN_RESIDUAL = 2;
const SCORE = 3;

/**
 * Walks the dates against a schedule into `tally`; with `inliers`, collects each slot's occurrence.
 * A walk that can no longer reach `mustReach` occurrences (so its score, at most its count, stays
 * under a better schedule's) stops early with a count of 0.
 */
function walk(
  days: ArrayLike<number>,
  schedule: Schedule,
  inliers?: number[],
  slots?: number[],
  mustReach = 0,
): void {
  let count = 0;
  let firstSlot = 0;
  let lastSlot = Number.NaN;
  let lastResidual = 0;
  let total = 0;
  for (let i = 0; i < days.length; i++) {
    if (count + days.length - i < mustReach) {
      tally[COUNT] = 0;
      return;
    }
    const day = days[i] as number;
    schedule.place(day);
    const slot = schedule.placedSlot;
    const r = residual(day, schedule.placedNominal);
    if (r > schedule.tolerance) continue;
    if (slot === lastSlot) {
      // Two on one slot: keep the closer one; the other is an extra charge.
      if (r < lastResidual) {
        total += r - lastResidual;
        lastResidual = r;
        if (inliers) inliers[count - 1] = i;
      }
      continue;
    }
    if (count === 0) firstSlot = slot;
    count++;
    lastSlot = slot;
    lastResidual = r;
    total += r;
    if (inliers) inliers[count - 1] = i;
    if (slots) slots[count - 1] = slot;
  }
  const coverage = count === 0 ? 0 : count / (lastSlot - firstSlot + 1);
  tally[COUNT] = count;
  tally[COVERAGE] = coverage;
  tally[MEAN_RESIDUAL] = count === 0 ? 0 : total / count;
  tally[SCORE] = count * coverage * coverage;
}

/** The schedule's fit, with `count`, the number of inliers its search walk found, to size its tables. */
function matchSchedule(days: ArrayLike<number>, schedule: Schedule, count: number): Fit {
  const inliers = new Array<number>(count);
  const slots = new Array<number>(count);
  walk(days, schedule, inliers, slots);
  // The same walk finds the same count; this only keeps the tables true if it ever did not.
  inliers.length = slots.length = tally[COUNT] as number;
  return {
    schedule,
    inliers,
    slots,
    coverage: tally[COVERAGE] as number,
    meanResidual: tally[MEAN_RESIDUAL] as number,
    score: tally[SCORE] as number,
  };
}

/** The best schedule so far in the current fit, with its score and mean residual (in `best`, as `tally`). */
const search = { found: false, frequency: 'MONTHLY' as Cadence, a: 0, b: 0 };
const best = new Float64Array(3);
const BEST_SCORE = 0;
const BEST_MEAN_RESIDUAL = 1;
const BEST_COUNT = 2;

/** One candidate schedule per frequency, reset for each candidate: only the winner is made anew. */
const candidates: Record<Cadence, Schedule> = {
  WEEKLY: new Schedule('WEEKLY', 0),
  BIWEEKLY: new Schedule('BIWEEKLY', 0),
  SEMI_MONTHLY: new Schedule('SEMI_MONTHLY', 0),
  MONTHLY: new Schedule('MONTHLY', 0),
  ANNUALLY: new Schedule('ANNUALLY', 0),
};

/**
 * Scores a schedule (one of `candidates`, set to a and b; passed itself, since looking it up by
 * frequency name at this rate is a megamorphic keyed load); it becomes the best when it scores
 * higher, or as high but closer. A score is at most the count of occurrences, which is at most the
 * number of days: none beats a best that takes every day on time, and one that cannot reach the
 * best's score is not walked to the end.
 */
function consider(days: ArrayLike<number>, schedule: Schedule, a: number, b = 0): void {
  const bestScore = best[BEST_SCORE] as number;
  if (search.found && bestScore >= days.length && best[BEST_MEAN_RESIDUAL] === 0) return;
  walk(days, schedule.reset(a, b), undefined, undefined, search.found ? bestScore : 0);
  if ((tally[COUNT] as number) < 2) return;
  const score = tally[SCORE] as number;
  if (search.found) {
    if (
      score !== bestScore
        ? score < bestScore
        : !((tally[MEAN_RESIDUAL] as number) < (best[BEST_MEAN_RESIDUAL] as number))
    )
      return;
  }
  search.found = true;
  search.frequency = schedule.frequency;
  search.a = a;
  search.b = b;
  best[BEST_SCORE] = score;
  best[BEST_MEAN_RESIDUAL] = tally[MEAN_RESIDUAL] as number;
  best[BEST_COUNT] = tally[COUNT] as number;
}

/**
 * Semi-monthly schedules tried so far in the current fit, as a * 32 + b (at most six: two fixed,
 * two with each of two voted days). A typed table: a plain array emptied per fit gets a new store.
 */
const semiTried = new Int32Array(8);
let semiCount = 0;

function trySemiMonthly(days: ArrayLike<number>, a: number, b: number): void {
  const code = a * 32 + b;
  for (let k = 0; k < semiCount; k++) if (semiTried[k] === code) return;
  semiTried[semiCount++] = code;
  consider(days, candidates.SEMI_MONTHLY, a, b);
}

/** The 15th and last, the 1st and 15th, then the best-voted days about half a month apart. */
function semiMonthlyCandidates(days: ArrayLike<number>): void {
  domScores(TOLERANCE_DAYS.SEMI_MONTHLY);
  semiCount = 0;
  trySemiMonthly(days, 15, 31);
  trySemiMonthly(days, 1, 15);
  const top = pickDom(0, 0, 0);
  if (top === 0) return;
  pairSemiMonthly(days, top);
  const next = pickDom(top, 0, 0);
  if (next !== 0) pairSemiMonthly(days, next);
}

/** A best-voted day with the two best days half a month from it. */
function pairSemiMonthly(days: ArrayLike<number>, first: number): void {
  const second = pickDom(0, 0, first);
  if (second === 0) return;
  trySemiMonthly(days, Math.min(first, second), Math.max(first, second));
  const third = pickDom(second, 0, first);
  if (third !== 0) trySemiMonthly(days, Math.min(first, third), Math.max(first, third));
}

/** The three best-voted days of the month. */
function monthlyCandidates(days: ArrayLike<number>): void {
  domScores(TOLERANCE_DAYS.MONTHLY);
  const first = pickDom(0, 0, 0);
  if (first === 0) return;
  consider(days, candidates.MONTHLY, first);
  const second = pickDom(first, 0, 0);
  if (second === 0) return;
  consider(days, candidates.MONTHLY, second);
  const third = pickDom(first, second, 0);
  if (third !== 0) consider(days, candidates.MONTHLY, third);
}

/** The days of the year of the last three distinct occurrences, latest first. */
function annualCandidates(days: ArrayLike<number>): void {
  let tried = 0;
  let seen1 = -1;
  let seen2 = -1;
  for (let i = days.length - 1; i >= 0 && tried < 3; i--) {
    const day = days[i] as number;
    const month = (monthIndexOf(day) % 12) + 1;
    const dom = domOf(day);
    const code = month * 32 + dom;
    if (code === seen1 || code === seen2) continue;
    if (tried === 0) seen1 = code;
    else seen2 = code;
    tried++;
    consider(days, candidates.ANNUALLY, month, dom);
  }
}

let gapScratch = new Int32Array(256);

/** The lower median of the positive gaps between consecutive days (0 when there is none). */
function medianGap(days: ArrayLike<number>): number {
  if (gapScratch.length < days.length) gapScratch = new Int32Array(days.length * 2);
  const gaps = gapScratch;
  let n = 0;
  for (let i = 1; i < days.length; i++) {
    const gap = (days[i] as number) - (days[i - 1] as number);
    if (gap > 0) gaps[n++] = gap;
  }
  return n === 0 ? 0 : kth(gaps, n, (n - 1) >> 1);
}

/**
 * Whether a frequency of this period is worth trying for the (lower) median gap between
 * occurrences: a few missed ones double some gaps without moving the median of a long series, but
 * may in a short one.
 */
function plausible(period: number, gap: number, count: number): boolean {
  return gap >= period * 0.6 && gap <= period * (count <= 6 ? 2.2 : 1.6);
}

/** The best schedule for sorted day numbers, or undefined when no frequency fits at all. */
export function fitCadence(days: ArrayLike<number>): Fit | undefined {
  if (days.length < 2) return undefined;
  search.found = false;
  const gap = medianGap(days);
  const n = days.length;
  if (plausible(PERIOD_DAYS.WEEKLY, gap, n)) consider(days, candidates.WEEKLY, bestPhase(days, 7, 1));
  if (plausible(PERIOD_DAYS.BIWEEKLY, gap, n)) consider(days, candidates.BIWEEKLY, bestPhase(days, 14, 2));
  const semi = plausible(PERIOD_DAYS.SEMI_MONTHLY, gap, n);
  const month = plausible(PERIOD_DAYS.MONTHLY, gap, n);
  if (semi || month) countDomVotes(days);
  if (semi) semiMonthlyCandidates(days);
  if (month) monthlyCandidates(days);
  if (plausible(PERIOD_DAYS.ANNUALLY, gap, n)) annualCandidates(days);
  if (!search.found) return undefined;
  return matchSchedule(days, new Schedule(search.frequency, search.a, search.b), best[BEST_COUNT] as number);
}

/**
 * Which way this history rolls nominal days that are not business days: the direction most of its
 * rolled occurrences took; with no evidence, payroll rolls back and bills forward, and a history
 * that already posts on weekends does not roll at all.
 */
export function learnRoll(inlierDays: readonly number[], fit: Fit, inflow: boolean): Roll {
  let back = 0;
  let forward = 0;
  let offDays = 0;
  for (let k = 0; k < fit.slots.length; k++) {
    const day = inlierDays[k] ?? 0;
    const nominal = fit.schedule.nominal(fit.slots[k] ?? 0);
    if (!isBusinessDay(day)) offDays++;
    if (isBusinessDay(nominal)) continue;
    if (day < nominal) back++;
    else if (day > nominal) forward++;
  }
  if (back > forward) return -1;
  if (forward > back) return 1;
  if (offDays > 0) return 0;
  return inflow ? -1 : 1;
}
