import { splitByBucket } from './buckets.js';
import type { Entry } from './history.js';

/**
 * A counterparty's charges cut by amount: bands of amounts chained within 25% (or $2) of each
 * other, and clusters of one exact amount. Entries come in date order; bands are found on the
 * sorted amounts alone, and each entry then goes to its band in date order.
 */

/** Amounts more than this far apart (ratio and dollars) start a new band. */
const BAND_RATIO = 1.25;
const BAND_DOLLARS = 2;

let sizes = new Float64Array(256);

/** The group's amounts, sorted, in a scratch table (valid until the next call). */
function sortedSizes(group: readonly Entry[]): Float64Array {
  const n = group.length;
  if (sizes.length < n) sizes = new Float64Array(n * 2);
  if (n > 32) {
    for (let i = 0; i < n; i++) sizes[i] = (group[i] as Entry).size;
    sizes.subarray(0, n).sort();
    return sizes;
  }
  for (let i = 0; i < n; i++) {
    const size = (group[i] as Entry).size;
    let j = i - 1;
    for (; j >= 0 && (sizes[j] as number) > size; j--) sizes[j + 1] = sizes[j] as number;
    sizes[j + 1] = size;
  }
  return sizes;
}

/** Within each day, by amount (stable): the order a sort by amount, then by day, leaves. */
function orderDaysByAmount(band: Entry[]): void {
  for (let i = 1; i < band.length; i++) {
    const entry = band[i] as Entry;
    let j = i - 1;
    for (; j >= 0; j--) {
      const other = band[j] as Entry;
      if (other.day !== entry.day || other.size <= entry.size) break;
      band[j + 1] = other;
    }
    band[j + 1] = entry;
  }
}

/**
 * Amount bands, lowest first, each in date order (entries on one day by amount). Sorting the
 * entries by amount and cutting where the next amount is more than 25% and $2 above the previous
 * gives the same bands.
 */
export function amountBands(group: readonly Entry[]): Entry[][] {
  const n = group.length;
  if (n === 0) return [];
  const sorted = sortedSizes(group);
  // The largest amount of each band.
  const tops: number[] = [];
  let previous = sorted[0] as number;
  for (let i = 1; i < n; i++) {
    const size = sorted[i] as number;
    if (size > previous * BAND_RATIO && size - previous > BAND_DOLLARS) tops.push(previous);
    previous = size;
  }
  tops.push(previous);
  if (tops.length === 1) {
    const band = group.slice();
    orderDaysByAmount(band);
    return [band];
  }
  if (bandOf.length < n) bandOf = new Int32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const size = (group[i] as Entry).size;
    let k = 0;
    while ((tops[k] as number) < size) k++;
    bandOf[i] = k;
  }
  const bands = splitByBucket(group, bandOf, tops.length);
  for (const band of bands) orderDaysByAmount(band);
  return bands;
}

/** Each entry's band, for amountBands (scratch, valid during a call). */
let bandOf = new Int32Array(256);

/** Up to MAP_FROM charges' amounts in cents. */
const MAP_FROM = 48;
const cents = new Float64Array(MAP_FROM);

/** Charges of one exact amount (a fixed price), two or more, by first charge, each in date order. */
export function exactAmounts(group: readonly Entry[]): Entry[][] {
  const n = group.length;
  if (n > MAP_FROM) return exactAmountsByMap(group);
  // A few charges: comparing each with the later ones costs less than a map.
  for (let i = 0; i < n; i++) cents[i] = Math.round((group[i] as Entry).size * 100);
  const out: Entry[][] = [];
  for (let i = 0; i < n; i++) {
    const amount = cents[i] as number;
    if (amount < 0) continue;
    let list: Entry[] | undefined;
    for (let j = i + 1; j < n; j++) {
      if (cents[j] !== amount) continue;
      (list ??= [group[i] as Entry]).push(group[j] as Entry);
      // Taken: amounts are positive, so -1 never matches.
      cents[j] = -1;
    }
    if (list) out.push(list);
  }
  return out;
}

function exactAmountsByMap(group: readonly Entry[]): Entry[][] {
  const byCents = new Map<number, Entry[]>();
  for (const e of group) {
    const cents = Math.round(e.size * 100);
    let list = byCents.get(cents);
    if (!list) byCents.set(cents, (list = []));
    list.push(e);
  }
  const out: Entry[][] = [];
  for (const list of byCents.values()) if (list.length >= 2) out.push(list);
  return out;
}
