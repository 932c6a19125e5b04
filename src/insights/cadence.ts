import { civilFromDay, daysInMonth, isBusinessDay } from './day.js';
import {
  annually,
  everyNDays,
  monthly,
  PERIOD_DAYS,
  residual,
  type Cadence,
  type Roll,
  type Schedule,
  semiMonthly,
  TOLERANCE_DAYS,
} from './schedule.js';

/**
 * Cadence fitting: for each frequency, the schedule that best explains a series of dates (phase for
 * weekly and biweekly, day(s) of the month, day of the year), matched occurrence by occurrence so
 * that stray charges drop out as outliers and missed occurrences show as empty slots.
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

export function matchSchedule(days: readonly number[], schedule: Schedule): Fit {
  const inliers: number[] = [];
  const slots: number[] = [];
  const residuals: number[] = [];
  for (let i = 0; i < days.length; i++) {
    const day = days[i] ?? 0;
    const slot = schedule.slotNear(day);
    const r = residual(day, schedule.nominal(slot));
    if (r > schedule.tolerance) continue;
    const last = slots.length - 1;
    if (last >= 0 && slots[last] === slot) {
      // Two on one slot: keep the closer one; the other is an extra charge.
      if (r < (residuals[last] ?? 0)) {
        inliers[last] = i;
        residuals[last] = r;
      }
      continue;
    }
    inliers.push(i);
    slots.push(slot);
    residuals.push(r);
  }
  const count = inliers.length;
  const expected = count === 0 ? 1 : (slots[count - 1] ?? 0) - (slots[0] ?? 0) + 1;
  const coverage = count / expected;
  let total = 0;
  for (const r of residuals) total += r;
  const meanResidual = count === 0 ? 0 : total / count;
  return { schedule, inliers, slots, coverage, meanResidual, score: count * coverage * coverage };
}

function better(a: Fit | undefined, b: Fit): boolean {
  if (!a) return true;
  if (b.score !== a.score) return b.score > a.score;
  return b.meanResidual < a.meanResidual;
}

function bestOf(days: readonly number[], schedules: Iterable<Schedule>): Fit | undefined {
  let best: Fit | undefined;
  for (const schedule of schedules) {
    const fit = matchSchedule(days, schedule);
    if (better(best, fit)) best = fit;
  }
  return best;
}

/** The phase (day mod period) most occurrences fall within tolerance of. */
function bestPhase(days: readonly number[], period: number, tolerance: number): number {
  const votes = new Int32Array(period);
  for (const day of days) {
    const phase = ((day % period) + period) % period;
    votes[phase] = (votes[phase] ?? 0) + 1;
  }
  let best = 0;
  let bestVotes = -1;
  for (let phase = 0; phase < period; phase++) {
    let count = 0;
    for (let d = -tolerance; d <= tolerance; d++) count += votes[(phase + d + period) % period] ?? 0;
    count = count * 4 + (votes[phase] ?? 0);
    if (count > bestVotes) {
      best = phase;
      bestVotes = count;
    }
  }
  return best;
}

/** Votes per day of the month (index 1-31); a day within three of the month's end also votes for 31. */
function domVotes(days: readonly number[]): Int32Array {
  const votes = new Int32Array(32);
  for (const day of days) {
    const { year, month, day: dom } = civilFromDay(day);
    votes[dom] = (votes[dom] ?? 0) + 1;
    const length = daysInMonth(year, month);
    if (length < 31 && dom >= length - 3) votes[31] = (votes[31] ?? 0) + 1;
  }
  return votes;
}

/** The days of the month with the most occurrences within tolerance, best first. */
function topDoms(votes: Int32Array, tolerance: number, count: number, exclude?: (dom: number) => boolean) {
  const windows: Array<{ dom: number; votes: number }> = [];
  for (let dom = 1; dom <= 31; dom++) {
    if (exclude?.(dom)) continue;
    let total = 0;
    for (let d = Math.max(1, dom - tolerance); d <= Math.min(31, dom + tolerance); d++)
      total += votes[d] ?? 0;
    if (total > 0) windows.push({ dom, votes: total * 4 + (votes[dom] ?? 0) });
  }
  windows.sort((a, b) => b.votes - a.votes || a.dom - b.dom);
  return windows.slice(0, count).map((w) => w.dom);
}

function* monthlyCandidates(days: readonly number[]): Generator<Schedule> {
  for (const dom of topDoms(domVotes(days), 2, 3)) yield monthly(dom);
}

function* semiMonthlyCandidates(days: readonly number[]): Generator<Schedule> {
  const votes = domVotes(days);
  yield semiMonthly(15, 31);
  yield semiMonthly(1, 15);
  for (const first of topDoms(votes, 2, 2)) {
    const gap = (dom: number) => Math.abs(dom - first);
    for (const second of topDoms(votes, 2, 2, (dom) => gap(dom) < 11 || gap(dom) > 19)) {
      yield semiMonthly(Math.min(first, second), Math.max(first, second));
    }
  }
}

function* annualCandidates(days: readonly number[]): Generator<Schedule> {
  const seen = new Set<number>();
  for (let i = days.length - 1; i >= 0 && seen.size < 3; i--) {
    const { month, day } = civilFromDay(days[i] ?? 0);
    if (seen.has(month * 32 + day)) continue;
    seen.add(month * 32 + day);
    yield annually(month, day);
  }
}

function medianGap(days: readonly number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < days.length; i++) {
    const gap = (days[i] ?? 0) - (days[i - 1] ?? 0);
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return 0;
  gaps.sort((a, b) => a - b);
  return gaps[gaps.length >> 1] ?? 0;
}

/** The frequencies worth trying for a median gap between occurrences (a missed one doubles a gap). */
function plausible(frequency: Cadence, gap: number): boolean {
  const period = PERIOD_DAYS[frequency];
  return gap >= period * 0.6 && gap <= period * 2.6;
}

/** The best schedule for sorted day numbers, or undefined when no frequency fits at all. */
export function fitCadence(days: readonly number[]): Fit | undefined {
  if (days.length < 2) return undefined;
  const gap = medianGap(days);
  let best: Fit | undefined;
  const consider = (fit: Fit | undefined) => {
    if (fit && fit.inliers.length >= 2 && better(best, fit)) best = fit;
  };
  for (const frequency of ['WEEKLY', 'BIWEEKLY'] as const) {
    if (!plausible(frequency, gap)) continue;
    const phase = bestPhase(days, frequency === 'WEEKLY' ? 7 : 14, TOLERANCE_DAYS[frequency]);
    consider(matchSchedule(days, everyNDays(frequency, phase)));
  }
  if (plausible('SEMI_MONTHLY', gap)) consider(bestOf(days, semiMonthlyCandidates(days)));
  if (plausible('MONTHLY', gap)) consider(bestOf(days, monthlyCandidates(days)));
  if (plausible('ANNUALLY', gap)) consider(bestOf(days, annualCandidates(days)));
  return best;
}

/**
 * Which way this history rolls nominal days that are not business days: the direction most of its
 * rolled occurrences took; with no evidence, payroll rolls back and bills forward, and a history
 * that already posts on weekends does not roll at all.
 */
export function learnRoll(days: readonly number[], fit: Fit, inflow: boolean): Roll {
  let back = 0;
  let forward = 0;
  let offDays = 0;
  for (let k = 0; k < fit.inliers.length; k++) {
    const day = days[fit.inliers[k] ?? 0] ?? 0;
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
