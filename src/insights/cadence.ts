import { domOf, isBusinessDay, monthIndexOf, monthLengthOf } from './day.js';
import { type Cadence, PERIOD_DAYS, residual, type Roll, Schedule, TOLERANCE_DAYS } from './schedule.js';

/**
 * Cadence fitting: for each frequency, the schedule that best explains a series of dates (phase for
 * weekly and biweekly, day(s) of the month, day of the year), matched occurrence by occurrence so
 * that stray charges drop out as outliers and missed occurrences show as empty slots. Candidates
 * are scored without allocating; only the winner's inliers are collected.
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

interface Score {
  count: number;
  coverage: number;
  meanResidual: number;
  score: number;
}

/** Walks the dates against a schedule; `keep` sees each inlier (a later one may replace it in its slot). */
function walk(
  days: readonly number[],
  schedule: Schedule,
  keep?: (i: number, slot: number, replace: boolean) => void,
): Score {
  let count = 0;
  let firstSlot = 0;
  let lastSlot = Number.NaN;
  let lastResidual = 0;
  let total = 0;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as number;
    const slot = schedule.slotNear(day);
    const r = residual(day, schedule.nominal(slot));
    if (r > schedule.tolerance) continue;
    if (slot === lastSlot) {
      // Two on one slot: keep the closer one; the other is an extra charge.
      if (r < lastResidual) {
        total += r - lastResidual;
        lastResidual = r;
        keep?.(i, slot, true);
      }
      continue;
    }
    if (count === 0) firstSlot = slot;
    count++;
    lastSlot = slot;
    lastResidual = r;
    total += r;
    keep?.(i, slot, false);
  }
  const coverage = count === 0 ? 0 : count / (lastSlot - firstSlot + 1);
  return {
    count,
    coverage,
    meanResidual: count === 0 ? 0 : total / count,
    score: count * coverage * coverage,
  };
}

export function matchSchedule(days: readonly number[], schedule: Schedule): Fit {
  const inliers: number[] = [];
  const slots: number[] = [];
  const score = walk(days, schedule, (i, slot, replace) => {
    if (replace) inliers[inliers.length - 1] = i;
    else {
      inliers.push(i);
      slots.push(slot);
    }
  });
  return { schedule, inliers, slots, ...score };
}

function better(a: Score | undefined, b: Score): boolean {
  if (!a) return true;
  if (b.score !== a.score) return b.score > a.score;
  return b.meanResidual < a.meanResidual;
}

/**
 * The phase (day mod period) most occurrences sit on or near, nearer counting more (a triangle of
 * width `tolerance`), so a stray deposit two days off does not pull the phase between it and payday.
 */
function bestPhase(days: readonly number[], period: number, tolerance: number): number {
  const votes = new Int32Array(period);
  for (const day of days) {
    const phase = ((day % period) + period) % period;
    votes[phase] = (votes[phase] ?? 0) + 1;
  }
  let best = 0;
  let bestScore = -1;
  for (let phase = 0; phase < period; phase++) {
    let score = 0;
    for (let d = -tolerance; d <= tolerance; d++) {
      score += (votes[(phase + d + period) % period] ?? 0) * (tolerance + 1 - Math.abs(d));
    }
    if (score > bestScore) {
      best = phase;
      bestScore = score;
    }
  }
  return best;
}

/** Votes per day of the month (index 1-31); a day within three of the month's end also votes for 31. */
function domVotes(days: readonly number[]): Int32Array {
  const votes = new Int32Array(32);
  for (const day of days) {
    const dom = domOf(day);
    votes[dom] = (votes[dom] ?? 0) + 1;
    const length = monthLengthOf(day);
    if (length < 31 && dom >= length - 3) votes[31] = (votes[31] ?? 0) + 1;
  }
  return votes;
}

/**
 * How well each day of the month (1-31) explains the votes within `window` days on the month's wheel
 * (the 31st, a month's last day, is a day from the 1st): mostly how many fall within, then how close
 * (a bill that wanders between the 19th and the 26th is due about the 22nd).
 */
function domScores(votes: Int32Array, window: number): Float64Array {
  const scores = new Float64Array(32);
  for (let dom = 1; dom <= 31; dom++) {
    let total = 0;
    let spread = 0;
    for (let offset = -window; offset <= window; offset++) {
      const d = ((dom + offset - 1 + 31) % 31) + 1;
      const n = votes[d] ?? 0;
      total += n;
      spread += n * Math.abs(offset);
    }
    scores[dom] = total > 0 ? total * 64 - spread : 0;
  }
  return scores;
}

/** The best-scoring days of the month, best first. */
function topDoms(scores: Float64Array, count: number, exclude?: (dom: number) => boolean): number[] {
  const left = Float64Array.from(scores);
  if (exclude) for (let dom = 1; dom <= 31; dom++) if (exclude(dom)) left[dom] = 0;
  const out: number[] = [];
  while (out.length < count) {
    let best = 0;
    for (let dom = 1; dom <= 31; dom++) if ((left[dom] ?? 0) > (left[best] ?? 0)) best = dom;
    if (best === 0) break;
    out.push(best);
    left[best] = 0;
  }
  return out;
}

function monthlyCandidates(votes: Int32Array): Schedule[] {
  return topDoms(domScores(votes, TOLERANCE_DAYS.MONTHLY), 3).map((dom) => new Schedule('MONTHLY', dom));
}

function semiMonthlyCandidates(votes: Int32Array): Schedule[] {
  const scores = domScores(votes, TOLERANCE_DAYS.SEMI_MONTHLY);
  const out = [new Schedule('SEMI_MONTHLY', 15, 31), new Schedule('SEMI_MONTHLY', 1, 15)];
  for (const first of topDoms(scores, 2)) {
    const gap = (dom: number) => Math.abs(dom - first);
    for (const second of topDoms(scores, 2, (dom) => gap(dom) < 11 || gap(dom) > 19)) {
      const [a, b] = first < second ? [first, second] : [second, first];
      if (!out.some((s) => s.a === a && s.b === b)) out.push(new Schedule('SEMI_MONTHLY', a, b));
    }
  }
  return out;
}

function annualCandidates(days: readonly number[]): Schedule[] {
  const out: Schedule[] = [];
  for (let i = days.length - 1; i >= 0 && out.length < 3; i--) {
    const day = days[i] as number;
    const month = (monthIndexOf(day) % 12) + 1;
    const dom = domOf(day);
    if (!out.some((s) => s.a === month && s.b === dom)) out.push(new Schedule('ANNUALLY', month, dom));
  }
  return out;
}

function medianGap(days: readonly number[]): number {
  const gaps = new Int32Array(days.length);
  let n = 0;
  for (let i = 1; i < days.length; i++) {
    const gap = (days[i] ?? 0) - (days[i - 1] ?? 0);
    if (gap > 0) gaps[n++] = gap;
  }
  if (n === 0) return 0;
  return gaps.subarray(0, n).sort()[(n - 1) >> 1] ?? 0;
}

/**
 * The frequencies worth trying for the (lower) median gap between occurrences: a few missed ones
 * double some gaps without moving the median of a long series, but may in a short one.
 */
function plausible(frequency: Cadence, gap: number, count: number): boolean {
  const period = PERIOD_DAYS[frequency];
  return gap >= period * 0.6 && gap <= period * (count <= 6 ? 2.2 : 1.6);
}

function candidates(days: readonly number[]): Schedule[] {
  const gap = medianGap(days);
  const out: Schedule[] = [];
  for (const frequency of ['WEEKLY', 'BIWEEKLY'] as const) {
    if (!plausible(frequency, gap, days.length)) continue;
    const period = frequency === 'WEEKLY' ? 7 : 14;
    out.push(new Schedule(frequency, bestPhase(days, period, frequency === 'WEEKLY' ? 1 : 2)));
  }
  const semi = plausible('SEMI_MONTHLY', gap, days.length);
  const month = plausible('MONTHLY', gap, days.length);
  const votes = semi || month ? domVotes(days) : undefined;
  if (votes && semi) out.push(...semiMonthlyCandidates(votes));
  if (votes && month) out.push(...monthlyCandidates(votes));
  if (plausible('ANNUALLY', gap, days.length)) out.push(...annualCandidates(days));
  return out;
}

/** The best schedule for sorted day numbers, or undefined when no frequency fits at all. */
export function fitCadence(days: readonly number[]): Fit | undefined {
  if (days.length < 2) return undefined;
  let best: Schedule | undefined;
  let bestScore: Score | undefined;
  for (const schedule of candidates(days)) {
    const score = walk(days, schedule);
    if (score.count >= 2 && better(bestScore, score)) {
      best = schedule;
      bestScore = score;
    }
  }
  return best ? matchSchedule(days, best) : undefined;
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
