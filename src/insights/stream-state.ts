import { learnRoll } from './cadence.js';
import { applyRoll, type Cadence } from './schedule.js';
import type { Candidate } from './streams.js';
import type { StreamStatus } from './insights.types.js';

/**
 * Where a stream stands on the as-of day: the next date it is due, whether it is still live, and
 * Plaid's status (MATURE: three or more occurrences, two for an annual stream; EARLY_DETECTION:
 * fewer, still live; TOMBSTONED: an early stream whose next occurrence did not come).
 */

export interface StreamState {
  nextDay: number | null;
  isActive: boolean;
  status: StreamStatus;
}

/** Days past a slot's tolerance before it counts as missed (a bill may post a few days late). */
const GRACE_DAYS: Record<Cadence, number> = {
  WEEKLY: 1,
  BIWEEKLY: 2,
  SEMI_MONTHLY: 2,
  MONTHLY: 4,
  ANNUALLY: 14,
};

/** Missed slots since the last occurrence that a live stream may have (a skipped week happens). */
const MISSES_ALLOWED: Record<Cadence, number> = {
  WEEKLY: 1,
  BIWEEKLY: 1,
  SEMI_MONTHLY: 1,
  MONTHLY: 0,
  ANNUALLY: 0,
};

export function streamState(c: Candidate, asOf: number): StreamState {
  const { schedule } = c.fit;
  const frequency = schedule.frequency;
  const roll = learnRoll(c.days, c.fit, c.inflow);
  let slot = (c.fit.slots[c.fit.slots.length - 1] ?? 0) + 1;
  let next = applyRoll(schedule.nominal(slot), roll);
  let missed = 0;
  // Past its tolerance an occurrence is taken as skipped for the forecast; past the grace too, as
  // missed for whether the stream still runs.
  while (next + schedule.tolerance < asOf) {
    if (next + schedule.tolerance + GRACE_DAYS[frequency] < asOf) missed++;
    slot++;
    next = applyRoll(schedule.nominal(slot), roll);
  }
  const isActive = missed <= MISSES_ALLOWED[frequency];
  const mature = c.entries.length >= (frequency === 'ANNUALLY' ? 2 : 3);
  const status: StreamStatus = mature ? 'MATURE' : isActive ? 'EARLY_DETECTION' : 'TOMBSTONED';
  // An occurrence due by now but not yet posted is expected any day.
  return { nextDay: isActive ? Math.max(next, asOf + 1) : null, isActive, status };
}
