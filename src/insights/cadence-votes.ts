import { domOf, monthLengthOf } from './day.js';

/**
 * The votes cadence fitting picks its candidate schedules by: occurrences per phase of a week or
 * fortnight and per day of the month. Kept in module tables, reused by every fit (fitting is
 * synchronous and never re-entered): a small typed array costs more to make than to fill.
 */

const phaseVotes = new Int32Array(14);

/**
 * The phase (day mod period) most occurrences sit on or near, nearer counting more (a triangle of
 * width `tolerance`), so a stray deposit two days off does not pull the phase between it and payday.
 */
export function bestPhase(days: ArrayLike<number>, period: number, tolerance: number): number {
  const votes = phaseVotes;
  for (let phase = 0; phase < period; phase++) votes[phase] = 0;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as number;
    const phase = ((day % period) + period) % period;
    votes[phase] = (votes[phase] as number) + 1;
  }
  let best = 0;
  let bestScore = -1;
  for (let phase = 0; phase < period; phase++) {
    let score = 0;
    for (let d = -tolerance; d <= tolerance; d++) {
      let p = phase + d;
      if (p < 0) p += period;
      else if (p >= period) p -= period;
      score += (votes[p] as number) * (tolerance + 1 - (d < 0 ? -d : d));
    }
    if (score > bestScore) {
      best = phase;
      bestScore = score;
    }
  }
  return best;
}

/** Votes per day of the month (index 1-31); a day within three of the month's end also votes for 31. */
const domVotes = new Int32Array(32);
/** The days that have votes, and how many there are (only those are cleared for the next count). */
const voted = new Int8Array(32);
let votedCount = 0;

function vote(dom: number): void {
  if (domVotes[dom] === 0) voted[votedCount++] = dom;
  domVotes[dom] = (domVotes[dom] as number) + 1;
}

export function countDomVotes(days: ArrayLike<number>): void {
  for (let k = 0; k < votedCount; k++) domVotes[voted[k] as number] = 0;
  votedCount = 0;
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as number;
    const dom = domOf(day);
    vote(dom);
    const length = monthLengthOf(day);
    if (length < 31 && dom >= length - 3) vote(31);
  }
}

/** Scores per day of the month; 0 outside the days the last domScores touched, which it clears. */
const scores = new Float64Array(32);
const touched = new Int8Array(32);
/** The days that score above 0, best first (the earliest among equals), and how many there are. */
const ranked = new Int8Array(31);
let rankedCount = 0;

/**
 * How well each day of the month (1-31) explains the votes of the last countDomVotes within `window`
 * days on the month's wheel (the 31st, a month's last day, is a day from the 1st): mostly how many
 * fall within, then how close (a bill that wanders between the 19th and the 26th is due about the
 * 22nd): 64 per vote within less the votes' distances, which is 64 - distance per vote. Each voted
 * day adds itself to the days around it; the days that score above 0 are ranked for pickDom, which
 * reads the ranking until the next call.
 */
export function domScores(window: number): void {
  let touchedCount = 0;
  for (let k = 0; k < votedCount; k++) {
    const from = voted[k] as number;
    const n = domVotes[from] as number;
    for (let offset = -window; offset <= window; offset++) {
      // The day `offset` days before the voted one sees it `offset` days after.
      let dom = from - offset;
      if (dom < 1) dom += 31;
      else if (dom > 31) dom -= 31;
      if (scores[dom] === 0) touched[touchedCount++] = dom;
      scores[dom] = (scores[dom] as number) + n * (64 - (offset < 0 ? -offset : offset));
    }
  }
  rankedCount = touchedCount;
  for (let k = 0; k < touchedCount; k++) {
    const dom = touched[k] as number;
    const score = scores[dom] as number;
    let at = k;
    for (; at > 0; at--) {
      const other = ranked[at - 1] as number;
      const otherScore = scores[other] as number;
      if (otherScore > score || (otherScore === score && other < dom)) break;
      ranked[at] = other;
    }
    ranked[at] = dom;
  }
  for (let k = 0; k < touchedCount; k++) scores[touched[k] as number] = 0;
}

/**
 * The best-scoring day of the month (the earliest among equals) other than `takenA` and `takenB`
 * and, when `pairedWith` is a day, 11 to 19 days from it (a semi-monthly schedule's other day);
 * 0 when none scores above 0. From the last domScores.
 */
export function pickDom(takenA: number, takenB: number, pairedWith: number): number {
  for (let k = 0; k < rankedCount; k++) {
    const dom = ranked[k] as number;
    if (dom === takenA || dom === takenB) continue;
    if (pairedWith !== 0) {
      const gap = Math.abs(dom - pairedWith);
      if (gap < 11 || gap > 19) continue;
    }
    return dom;
  }
  return 0;
}

/** The k-th smallest (from 0) of the first n values, which it reorders (quickselect). */
export function kth(values: Int32Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi - lo >= 16) {
    const a = values[lo] as number;
    const b = values[(lo + hi) >> 1] as number;
    const c = values[hi] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = values[i] as number;
    let j = i - 1;
    while (j >= lo && (values[j] as number) > v) {
      values[j + 1] = values[j] as number;
      j--;
    }
    values[j + 1] = v;
  }
  return values[k] as number;
}
