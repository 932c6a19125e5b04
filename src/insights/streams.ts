import {
  type Candidate,
  EVERYDAY_MAX_CV,
  evaluate,
  isEverydaySpending,
  sizeCv,
  type StreamContext,
} from './stream-candidate.js';
import { amountBands, exactAmounts } from './amount-parts.js';
import type { Entry } from './history.js';
import { PERIOD_DAYS } from './schedule.js';

/**
 * From one counterparty's charges to its streams. A group is tried whole (a utility whose amount
 * wanders is one stream) and in parts: amount bands (amounts chained within 25%) and exact amounts
 * (a fixed price). Two parts that each keep a cadence of their own over the same months are two
 * streams at one merchant (iCloud and Apple Music); one part that keeps a cadence among scattered
 * purchases is a subscription among shopping (Prime among Amazon orders). Parts that follow one
 * another in time with one cadence are one stream whose price changed.
 */

export type { Candidate, StreamContext } from './stream-candidate.js';

function span(c: Candidate): [number, number] {
  return [c.days[0] ?? 0, c.days[c.days.length - 1] ?? 0];
}

/** Two band streams that run side by side for at least a period each are two streams. */
function concurrent(a: Candidate, b: Candidate): boolean {
  const [a0, a1] = span(a);
  const [b0, b1] = span(b);
  const overlap = Math.min(a1, b1) - Math.max(a0, b0);
  return overlap >= Math.min(PERIOD_DAYS[a.fit.schedule.frequency], PERIOD_DAYS[b.fit.schedule.frequency]);
}

/** Band streams that follow one another with the same cadence: one stream whose price changed. */
function joinPriceChanges(candidates: Candidate[], ctx: StreamContext): Candidate[] {
  // One candidate or none has nothing to join (most groups: spared a copy and a sort).
  if (candidates.length < 2) return candidates;
  const ordered = [...candidates].sort((a, b) => span(a)[0] - span(b)[0]);
  const out: Candidate[] = [];
  for (const c of ordered) {
    const previous = out[out.length - 1];
    if (
      previous &&
      !concurrent(previous, c) &&
      previous.fit.schedule.frequency === c.fit.schedule.frequency
    ) {
      const joined = evaluate(
        [...previous.entries, ...c.entries].sort((x, y) => x.day - y.day),
        ctx,
      );
      if (joined && joined.entries.length >= previous.entries.length + c.entries.length - 1) {
        out[out.length - 1] = joined;
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

const sameSet = (a: readonly Entry[], b: readonly Entry[]) =>
  a.length === b.length && a.every((e, i) => e === b[i]);

/** The parts worth fitting: amount bands and exact-amount clusters, each once. */
function partsOf(group: readonly Entry[]): Entry[][] {
  const parts = amountBands(group).filter((band) => band.length >= 2);
  for (const exact of exactAmounts(group)) if (!parts.some((p) => sameSet(p, exact))) parts.push(exact);
  return parts;
}

/**
 * Whether parts inside one candidate take turns on its schedule (one on the even slots, the other on
 * the odd): two plans at one merchant on different days, which together read as one semi-monthly or
 * weekly series. Parts that share the slots at random are one stream whose amount varies.
 */
function takeTurns(whole: Candidate, parts: readonly Candidate[]): boolean {
  if (whole.fit.schedule.frequency === 'MONTHLY' || whole.fit.schedule.frequency === 'ANNUALLY') return false;
  const slotOf = new Map<Entry, number>();
  whole.entries.forEach((e, k) => slotOf.set(e, whole.fit.slots[k] ?? 0));
  const parities = new Set<number>();
  for (const part of parts) {
    let parity = -1;
    for (const e of part.entries) {
      const slot = slotOf.get(e);
      if (slot === undefined) continue;
      const p = ((slot % 2) + 2) % 2;
      if (parity === -1) parity = p;
      else if (parity !== p) parity = 2;
    }
    if (parity === 0 || parity === 1) {
      if (parities.has(1 - parity) && part.entries.length >= 2) return true;
      parities.add(parity);
    }
  }
  return false;
}

/** The non-overlapping parts that explain the most charges, surest first. */
function choose(accepted: Candidate[]): Candidate[] {
  // One candidate or none overlaps nothing: a copy, as below.
  if (accepted.length < 2) return accepted.slice();
  const ranked = [...accepted].sort(
    (a, b) => b.entries.length * b.confidence - a.entries.length * a.confidence,
  );
  const used = new Set<Entry>();
  const chosen: Candidate[] = [];
  for (const c of ranked) {
    if (c.entries.some((e) => used.has(e))) continue;
    for (const e of c.entries) used.add(e);
    chosen.push(c);
  }
  return chosen;
}

/**
 * Everyday spending whose amount varies (coffee, groceries, fuel) is a habit as a whole; only a
 * fixed-price part of it (a membership, a meal plan) can be a stream. Deciding that first spares
 * fitting every habit.
 */
function habitStreams(group: readonly Entry[], ctx: StreamContext): Candidate[] {
  const accepted: Candidate[] = [];
  // Fixed prices, and tight bands (a meal plan whose price went up, a price in another currency).
  const tight = amountBands(group).filter((band) => sizeCv(band) <= EVERYDAY_MAX_CV);
  for (const part of [...exactAmounts(group), ...tight]) {
    if (part.length < 3) continue;
    const c = evaluate(part, ctx);
    if (c) accepted.push(c);
  }
  return joinPriceChanges(choose(accepted), ctx);
}

/** Two charges make a stream only a year apart, or as an early stream at one exact amount. */
function couldPair([a, b]: readonly Entry[]): boolean {
  if (!a || !b) return false;
  const gap = b.day - a.day;
  return (gap >= 330 && gap <= 400) || Math.abs(a.size - b.size) <= a.size * 0.01;
}

/** The streams in one counterparty's group (entries in date order). */
export function findStreams(group: Entry[], context: Omit<StreamContext, 'groupSize'>): Candidate[] {
  if (group.length < 2) return [];
  // Spelled out rather than spread: this runs once per group.
  const ctx: StreamContext = { asOf: context.asOf, groupSize: group.length };
  if (isEverydaySpending(group) && sizeCv(group) > EVERYDAY_MAX_CV) return habitStreams(group, ctx);
  if (group.length === 2 && !couldPair(group)) return [];
  const whole = evaluate(group, ctx);
  // A monthly or annual schedule that takes every charge cannot hide two streams taking turns.
  const frequency = whole?.fit.schedule.frequency;
  if (whole?.entries.length === group.length && (frequency === 'MONTHLY' || frequency === 'ANNUALLY'))
    return [whole];
  const parts = partsOf(group);
  if (parts.length === 1 && sameSet(parts[0] ?? [], group)) return whole ? [whole] : [];
  const accepted: Candidate[] = [];
  for (const part of parts) {
    const c = evaluate(part, ctx);
    if (c) accepted.push(c);
  }
  const joined = joinPriceChanges(choose(accepted), ctx);
  if (!whole) return joined;
  let explained = 0;
  for (const c of joined) explained += c.entries.length;
  // One schedule explains the parts (a bill whose amount wanders, a raise): one stream.
  if (whole.entries.length >= explained * 0.9 && !takeTurns(whole, joined.length > 1 ? joined : accepted))
    return [whole];
  return joined.length > 0 ? joined : [whole];
}
