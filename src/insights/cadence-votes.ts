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
export function bestPhase(days: readonly number[], period: number, tolerance: number): number {
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
      score += (votes[(phase + d + period) % period] as number) * (tolerance + 1 - Math.abs(d));
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

export function countDomVotes(days: readonly number[]): void {
  const votes = domVotes;
  votes.fill(0);
  for (let i = 0; i < days.length; i++) {
    const day = days[i] as number;
    const dom = domOf(day);
    votes[dom] = (votes[dom] as number) + 1;
    const length = monthLengthOf(day);
    if (length < 31 && dom >= length - 3) votes[31] = (votes[31] as number) + 1;
  }
}

const scores = new Float64Array(32);
/** The days that score above 0, best first (the earliest among equals), and how many there are. */
const ranked = new Int8Array(31);
let rankedCount = 0;

/**
 * How well each day of the month (1-31) explains the votes of the last countDomVotes within `window`
 * days on the month's wheel (the 31st, a month's last day, is a day from the 1st): mostly how many
 * fall within, then how close (a bill that wanders between the 19th and the 26th is due about the
 * 22nd): 64 per vote within less the votes' distances, which is 64 - distance per vote. Each voted
 * day adds itself to the days around it (most series vote for a few days only). The table, and the
 * ranking pickDom reads, are overwritten by the next call.
 */
export function domScores(window: number): Float64Array {
  for (let dom = 0; dom < 32; dom++) scores[dom] = 0;
  for (let voted = 1; voted <= 31; voted++) {
    const n = domVotes[voted] as number;
    if (n === 0) continue;
    for (let offset = -window; offset <= window; offset++) {
      // The day `offset` days before the voted one sees it `offset` days after.
      let dom = voted - offset;
      if (dom < 1) dom += 31;
      else if (dom > 31) dom -= 31;
      scores[dom] = (scores[dom] as number) + n * (64 - (offset < 0 ? -offset : offset));
    }
  }
  rankedCount = 0;
  for (let dom = 1; dom <= 31; dom++) {
    const score = scores[dom] as number;
    if (!(score > 0)) continue;
    let k = rankedCount++;
    for (; k > 0 && score > (scores[ranked[k - 1] as number] as number); k--)
      ranked[k] = ranked[k - 1] as number;
    ranked[k] = dom;
  }
  return scores;
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
