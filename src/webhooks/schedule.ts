/**
 * When a failed delivery is tried again, after each failed attempt: Svix's schedule (immediately,
 * then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h): eight attempts over about 27 hours and a half.
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  10 * 3_600_000,
] as const;

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** An endpoint that has failed every attempt for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;

/** Up to this share of a delay is added at random, so retries of a burst do not arrive in a burst. */
export const JITTER = 0.1;

/** The delay before the attempt after `attempts` failed ones; null when none is left. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 + JITTER * random()));
}
