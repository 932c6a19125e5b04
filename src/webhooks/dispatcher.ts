import type { Clock } from '../lib/clock.js';
import type { Keyring } from '../lib/crypto.js';
import { newId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { addMs } from '../lib/time.js';
import type { Store } from '../store/db.js';
import { transact, type Tx } from '../store/tx.js';
import {
  claimDueDeliveries,
  hasDueDeliveries,
  type DeliveryContext,
  loadDeliveryContexts,
} from '../store/webhook-dispatch.store.js';
import type { DeliveryRow, EndpointRow } from '../store/webhooks.store.js';
import { attemptDelivery } from './attempt.js';
import { createSender, type Sender } from './send.js';
import { type Outcome, writeOutcomes } from './settle.js';
import type { UrlPolicy } from './url-guard.js';

export interface DispatcherOptions {
  store: Store;
  keyring: Keyring;
  clock: Clock;
  logger: Logger;
  policy: UrlPolicy;
  /** Records `webhook_endpoint.disabled` (in the transaction that disables the endpoint). */
  onDisabled: (tx: Tx, endpoint: EndpointRow, now: string) => Promise<void>;
  sender?: Sender;
  /** Deliveries in flight at once, in this process. */
  concurrency?: number;
  /** Deliveries in flight to one endpoint at once: a slow endpoint holds no more than this. */
  perEndpoint?: number;
  /** A claimed delivery is this worker's for this long (several delivery timeouts). */
  leaseMs?: number;
  /** Idle wait between looks for due deliveries. */
  pollMs?: number;
  random?: () => number;
}

export interface Dispatcher {
  start(): void;
  /** Stops claiming; waits for deliveries in flight and records their outcomes. */
  stop(): Promise<void>;
  /** Sends every delivery due now (as the loop would, until none is due); returns how many. */
  drain(): Promise<number>;
}

type Settings = Required<Omit<DispatcherOptions, 'sender'>> & { sender: Sender };

interface State {
  options: Settings;
  inFlight: number;
  byEndpoint: Map<string, number>;
  /** Outcomes not written yet: the next turn writes them in the transaction that claims more. */
  outcomes: Outcome[];
  wake: (() => void) | null;
}

/** How long outcomes wait for others to be written with them. */
const GATHER_MS = 10;

/**
 * One transaction (one commit, one fsync on SQLite): the outcomes gathered since the last turn are
 * written, and up to `room` due deliveries are leased.
 */
async function writeAndClaim(
  state: State,
  room: number,
): Promise<{ rows: DeliveryRow[]; contexts: Map<string, DeliveryContext> }> {
  const { store, clock, leaseMs, perEndpoint, random, onDisabled } = state.options;
  const outcomes = state.outcomes.splice(0);
  const now = clock.now();
  try {
    // Nothing to write and nothing due: no transaction (on SQLite it would hold the write lock).
    if (outcomes.length === 0 && !(room > 0 && (await hasDueDeliveries(store.db, now.toISOString()))))
      return { rows: [], contexts: new Map() };
    const rows = await transact(store.db, async (tx) => {
      await writeOutcomes(tx, outcomes, { clock, random, onDisabled });
      if (room <= 0) return [];
      return claimDueDeliveries(tx, {
        now: now.toISOString(),
        leaseUntil: addMs(now, leaseMs).toISOString(),
        owner: newId(),
        limit: room,
        perEndpoint,
        inFlight: state.byEndpoint,
      });
    });
    return { rows, contexts: await loadDeliveryContexts(store.db, rows) };
  } catch (err) {
    // Nothing is lost: unwritten outcomes' leases expire and those deliveries are sent again.
    state.options.logger.error({ err, outcomes: outcomes.length }, 'webhook turn failed; leases will expire');
    return { rows: [], contexts: new Map() };
  }
}

function dispatch(state: State, row: DeliveryRow, context: DeliveryContext | undefined): Promise<void> {
  state.inFlight++;
  state.byEndpoint.set(row.endpoint_id, (state.byEndpoint.get(row.endpoint_id) ?? 0) + 1);
  return attemptDelivery(state.options, row, context)
    .then((outcome) => {
      state.outcomes.push(outcome);
    })
    .finally(() => {
      state.inFlight--;
      const left = (state.byEndpoint.get(row.endpoint_id) ?? 1) - 1;
      if (left > 0) state.byEndpoint.set(row.endpoint_id, left);
      else state.byEndpoint.delete(row.endpoint_id);
      state.wake?.();
    });
}

function idle(state: State, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      state.wake = null;
      resolve();
    }
    state.wake = done;
  });
}

/**
 * The loop: a turn when there are outcomes to write or a good share of the slots is free, else a
 * wait for a delivery to finish (or the poll interval, for new events). Turns, not deliveries,
 * cost commits.
 */
async function run(state: State, running: () => boolean): Promise<void> {
  const claimBatch = Math.max(1, Math.floor(state.options.concurrency / 4));
  const pending = new Set<Promise<unknown>>();
  while (running()) {
    let room = state.options.concurrency - state.inFlight;
    if (room < claimBatch && state.inFlight > 0) {
      if (state.outcomes.length === 0) {
        await idle(state, state.options.pollMs);
        continue;
      }
      // Outcomes to write, few slots free: let more finish, to write them in one commit.
      await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
      room = state.options.concurrency - state.inFlight;
    }
    const { rows, contexts } = await writeAndClaim(state, room);
    for (const row of rows) {
      const sent = dispatch(state, row, contexts.get(row.id));
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
    }
    if (rows.length === 0 && state.outcomes.length === 0) await idle(state, state.options.pollMs);
  }
  await Promise.all(pending);
  await writeAndClaim(state, 0);
}

/**
 * Sends the deliveries `emit` created: each due delivery is leased, signed, POSTed to its endpoint
 * through the URL guard, and its outcome recorded (success, or the next attempt on the retry
 * schedule, or failed after the last). A worker that dies mid-send loses its leases, and another
 * sends those deliveries again under the same `webhook-id`.
 */
export function createWebhookDispatcher(options: DispatcherOptions): Dispatcher {
  const state: State = {
    options: {
      concurrency: 128,
      perEndpoint: 8,
      leaseMs: 60_000,
      pollMs: 50,
      random: Math.random,
      ...options,
      sender: options.sender ?? createSender(),
    },
    inFlight: 0,
    byEndpoint: new Map(),
    outcomes: [],
    wake: null,
  };
  let running = false;
  let loop: Promise<void> = Promise.resolve();
  return {
    start() {
      running = true;
      loop = run(state, () => running);
    },
    async stop() {
      running = false;
      state.wake?.();
      await loop;
      state.options.sender.close();
    },
    async drain() {
      let total = 0;
      for (;;) {
        const { rows, contexts } = await writeAndClaim(state, state.options.concurrency);
        if (rows.length === 0) break;
        await Promise.all(rows.map((row) => dispatch(state, row, contexts.get(row.id))));
        total += rows.length;
      }
      return total;
    },
  };
}
