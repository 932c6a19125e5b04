import type { Clock } from '../lib/clock.js';
import { addMs } from '../lib/time.js';
import type { Db } from '../store/db.js';
import { transact, type Tx } from '../store/tx.js';
import {
  type DeliveryRow,
  disableIfFailingSince,
  type EndpointRow,
  markEndpointHealth,
  settleDelivery,
} from '../store/webhooks.store.js';
import { DISABLE_AFTER_FAILING_MS, retryDelayMs } from './schedule.js';
import { RESPONSE_EXCERPT_BYTES } from './send.js';

/** What one attempt came to. */
export interface Outcome {
  delivery: DeliveryRow;
  at: string;
  status: number | null;
  error: string | null;
  response: string;
  durationMs: number;
  /** No further attempt can help (the endpoint or the event is gone, or disabled). */
  final: boolean;
}

const succeeded = (o: Outcome) => o.status !== null && o.status >= 200 && o.status < 300;

/** The delivery's columns after the attempt: done, tried again later, or failed for good. */
export function nextDeliveryState(outcome: Outcome, random: () => number): Partial<DeliveryRow> {
  const recorded = {
    last_attempt_at: outcome.at,
    last_status: outcome.status,
    last_error: outcome.error?.slice(0, 500) ?? null,
    last_response: outcome.response.slice(0, RESPONSE_EXCERPT_BYTES),
    last_duration_ms: outcome.durationMs,
  };
  if (succeeded(outcome)) return { ...recorded, state: 'succeeded', completed_at: outcome.at };
  const delayMs = outcome.final ? null : retryDelayMs(outcome.delivery.attempts, random);
  if (delayMs === null) return { ...recorded, state: 'failed', completed_at: outcome.at };
  return {
    ...recorded,
    state: 'pending',
    next_attempt_at: addMs(new Date(outcome.at), delayMs).toISOString(),
  };
}

export interface SettleDeps {
  clock: Clock;
  random: () => number;
  onDisabled: (tx: Tx, endpoint: EndpointRow, now: string) => Promise<void>;
}

/**
 * Records a batch of outcomes inside the caller's transaction: each delivery's next state (only
 * while its lease is still this worker's), each endpoint's run of failures, and the endpoints that
 * have now failed everything for five days, disabled with their event.
 */
export async function writeOutcomes(tx: Tx, outcomes: readonly Outcome[], deps: SettleDeps): Promise<void> {
  if (outcomes.length === 0) return;
  const now = deps.clock.now().toISOString();
  const before = addMs(deps.clock.now(), -DISABLE_AFTER_FAILING_MS).toISOString();
  const failing = new Set<string>();
  for (const outcome of outcomes) {
    if (!(await settleDelivery(tx, outcome.delivery, nextDeliveryState(outcome, deps.random)))) continue;
    if (outcome.final) continue;
    const ok = succeeded(outcome);
    await markEndpointHealth(tx, outcome.delivery.endpoint_id, ok, outcome.at);
    if (ok) failing.delete(outcome.delivery.endpoint_id);
    else failing.add(outcome.delivery.endpoint_id);
  }
  for (const endpointId of failing) {
    const disabled = await disableIfFailingSince(tx, endpointId, before, now);
    if (disabled) await deps.onDisabled(tx, disabled, now);
  }
}

/** writeOutcomes in a transaction of its own. */
export async function settleOutcomes(db: Db, outcomes: readonly Outcome[], deps: SettleDeps): Promise<void> {
  await transact(db, (tx) => writeOutcomes(tx, outcomes, deps));
}
