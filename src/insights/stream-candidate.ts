import { type Fit, fitCadence } from './cadence.js';
import { memoize } from './descriptor.js';
import type { Entry } from './history.js';
import type { InsightTransaction } from './insights.types.js';
import { PERIOD_DAYS } from './schedule.js';

/**
 * One candidate stream: a set of charges, the schedule that fits them, and whether they can be a
 * stream at all (the hard rules on amounts and occurrences) and how sure that is (the confidence).
 */

export interface Candidate {
  /** The stream's transactions, in date order. */
  entries: Entry[];
  days: number[];
  fit: Fit;
  inflow: boolean;
  /** Mean size and coefficient of variation of the amounts. */
  meanSize: number;
  cv: number;
  confidence: number;
}

export interface StreamContext {
  asOf: number;
  /** Charges in the whole counterparty group the candidate was cut from. */
  groupSize: number;
}

/** The mean size of the last sizeCv (a variable, not an object: this runs per candidate). */
let lastMean = 0;

/**
 * The coefficient of variation of the sizes of the entries (or of those `picked` names, by index),
 * leaving their mean in lastMean.
 */
export function sizeCv(entries: readonly Entry[], picked?: readonly number[]): number {
  const n = picked ? picked.length : entries.length;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += (entries[picked ? (picked[k] as number) : k] as Entry).size;
  const mean = sum / n;
  let variance = 0;
  for (let k = 0; k < n; k++)
    variance += ((entries[picked ? (picked[k] as number) : k] as Entry).size - mean) ** 2;
  lastMean = mean;
  return mean > 0 ? Math.sqrt(variance / n) / mean : 0;
}

/**
 * The discretionary primary categories. A switch, not a set: a category comes fresh from each
 * transaction's JSON, and a set would hash it each time, where these comparisons mostly stop at
 * the length.
 */
function isDiscretionary(primary: string): boolean {
  switch (primary) {
    case 'FOOD_AND_DRINK':
    case 'GENERAL_MERCHANDISE':
    case 'TRANSPORTATION':
    case 'TRAVEL':
    case 'ENTERTAINMENT':
    case 'PERSONAL_CARE':
    case 'HOME_IMPROVEMENT':
    case 'MEDICAL':
      return true;
    default:
      return false;
  }
}
const SUBSCRIPTION_DETAILED = /GYM|SUBSCRIPTION|TV_AND_MOVIES|MUSIC|STREAMING|INSURANCE|PARKING|TOLLS/;

/**
 * Everyday spending: stores, restaurants, fuel. Its repeats are habits unless the amount is fixed.
 * A majority of the entries decides, so the count stops as soon as one side has it: most groups
 * are one or the other throughout, and an entry's category is read only when its vote is needed.
 */
export function isEverydaySpending(entries: readonly Entry[], picked?: readonly number[]): boolean {
  const n = picked ? picked.length : entries.length;
  let votes = 0;
  let against = 0;
  for (let i = 0; i < n; i++) {
    if (isEverydayEntry(entries[picked ? (picked[i] as number) : i] as Entry)) {
      if (++votes * 2 > n) return true;
    } else if (++against * 2 >= n) return false;
  }
  return false;
}

/** Whether an entry is everyday spending, read from its transaction once, when first asked. */
function isEverydayEntry(e: Entry): boolean {
  if (e.everyday < 0) e.everyday = isEverydayTransaction(e.tx) ? 1 : 0;
  return e.everyday === 1;
}

/** Everyday spending may be a stream only at a fixed price. */
export const EVERYDAY_MAX_CV = 0.05;

/**
 * SUBSCRIPTION_DETAILED per detailed category, remembered (a lookup costs less than the pattern) and
 * shared by the runs: Plaid has a hundred or so detailed categories; past 4,096 the input is not Plaid's.
 */
const isSubscriptionCategory = memoize((detailed) => SUBSCRIPTION_DETAILED.test(detailed), 4096);

/** Whether a transaction is everyday spending: by its category, or, with none, by being in a store. */
export function isEverydayTransaction(tx: InsightTransaction): boolean {
  const pfc = tx.personal_finance_category;
  if (pfc) return isDiscretionary(pfc.primary) && !isSubscriptionCategory(pfc.detailed);
  return tx.payment_channel === 'in store';
}

interface Features {
  count: number;
  fraction: number;
  /** Inliers over the whole counterparty group. */
  groupFraction: number;
  everyday: boolean;
  peerToPeer: boolean;
}

/** What plausibleStream and confidenceOf read of a candidate, before it is made. */
interface Traits {
  fit: Fit;
  lastDay: number;
  inflow: boolean;
  cv: number;
}

/** The hard rules: what a stream's amounts and occurrences must look like, whatever the score. */
function plausibleStream(c: Traits, f: Features, ctx: StreamContext): boolean {
  const frequency = c.fit.schedule.frequency;
  if (f.count < (frequency === 'ANNUALLY' ? 2 : 3)) {
    // Two occurrences make an early stream only when they agree exactly and are recent.
    const recent = ctx.asOf - c.lastDay <= PERIOD_DAYS[frequency] + 4;
    if (f.count < 2 || !recent || c.cv > 0.01 || c.fit.meanResidual > 1 || f.everyday || f.fraction < 1)
      return false;
  }
  if (c.fit.coverage < 0.6 || f.fraction < 0.5) return false;
  // Everyday spending repeats by habit: a stream there keeps one price and keeps to its days.
  if (f.everyday && (c.cv > EVERYDAY_MAX_CV || c.fit.meanResidual > 2 || c.fit.coverage < 0.75)) return false;
  // A person paid now and then at no rhythm is no stream, even if some payments line up.
  if (f.peerToPeer && (c.cv > 0.1 || f.groupFraction < 0.75)) return false;
  if (c.inflow) return c.cv <= (frequency === 'WEEKLY' ? 0.35 : 0.5);
  switch (frequency) {
    case 'WEEKLY':
    case 'BIWEEKLY':
      return c.cv <= 0.15;
    case 'SEMI_MONTHLY':
      return c.cv <= 0.3;
    case 'MONTHLY':
      return c.cv <= 0.35 || (c.fit.meanResidual <= 2.5 && c.fit.coverage >= 0.75 && f.count >= 4);
    case 'ANNUALLY':
      return c.cv <= 0.25;
  }
}

function confidenceOf(c: Traits, f: Features): number {
  const z =
    -1.2 +
    0.35 * Math.min(f.count, 10) +
    2 * (c.fit.coverage - 0.7) +
    1.5 * (f.fraction - 0.6) -
    (1 * c.fit.meanResidual) / c.fit.schedule.tolerance -
    2.5 * Math.max(0, c.cv - 0.15) -
    // Everyday spending at one price, on its own, is a membership; varying, or one price among
    // many purchases at the same place, more likely a habit.
    (f.everyday ? 20 * c.cv + 1.5 * (1 - f.groupFraction) : 0);
  return 1 / (1 + Math.exp(-z));
}

/**
 * The days being fitted, in a scratch table, and a view of its first n days per n made once (up to
 * VIEWS days; a longer series gets a view of its own): fitCadence keeps nothing of them, and a plain
 * array emptied for each fit would be given a new backing store (V8 drops it on `length = 0`) and
 * grown anew, a few hundred bytes of garbage per fit.
 */
const VIEWS = 1024;
let dayTable = new Int32Array(VIEWS);
let dayViews: Int32Array[] = new Array<Int32Array>(VIEWS);

function daysOf(entries: readonly Entry[]): Int32Array {
  const n = entries.length;
  if (dayTable.length < n) {
    dayTable = new Int32Array(n * 2);
    dayViews = new Array<Int32Array>(VIEWS);
  }
  for (let i = 0; i < n; i++) dayTable[i] = (entries[i] as Entry).day;
  if (n >= VIEWS) return dayTable.subarray(0, n);
  return (dayViews[n] ??= dayTable.subarray(0, n));
}

/**
 * The candidate the entries' best schedule makes, if it can be a stream. Judged on its inliers by
 * index, so that the many that cannot leave nothing behind.
 */
export function evaluate(entries: Entry[], ctx: StreamContext): Candidate | undefined {
  const fit = fitCadence(daysOf(entries));
  if (!fit) return undefined;
  const picked = fit.inliers;
  const count = picked.length;
  const cv = sizeCv(entries, picked);
  const meanSize = lastMean;
  const first = entries[picked[0] as number] as Entry;
  const traits: Traits = {
    fit,
    lastDay: (entries[picked[count - 1] as number] as Entry).day,
    inflow: first.inflow,
    cv,
  };
  const features: Features = {
    count,
    fraction: count / entries.length,
    groupFraction: count / Math.max(ctx.groupSize, entries.length),
    everyday: isEverydaySpending(entries, picked),
    peerToPeer: first.words.peerToPeer,
  };
  if (!plausibleStream(traits, features, ctx)) return undefined;
  const inliers = picked.map((i) => entries[i] as Entry);
  return {
    entries: inliers,
    days: inliers.map((e) => e.day),
    fit,
    inflow: first.inflow,
    meanSize,
    cv,
    confidence: confidenceOf(traits, features),
  };
}
