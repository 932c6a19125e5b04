import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { addMs } from '../../lib/time.js';
import type { Db } from '../../store/db.js';
import {
  completeReservation,
  findKey,
  insertReservation,
  type KeyRow,
  releaseReservation,
  renewReservation,
  takeOverReservation,
} from '../../store/idempotency.store.js';
import { transact, type Tx } from '../../store/tx.js';
import type { Tenant } from '../tenant.js';

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * Called by the operation inside the transaction that commits its effect, with its result: the
 * response is stored in that transaction, so the effect and the stored response commit together.
 */
export type Commit<R> = (tx: Tx, result: R) => Promise<void>;

export interface IdempotencyOptions {
  db: Db;
  clock: Clock;
  /** How long a reservation stands without its holder renewing it (it renews while it runs). */
  leaseMs?: number;
  /** How long a request with a key in use waits for the first before answering 409. */
  maxWaitMs?: number;
  /** Test hook: called where a crash would lose an uncommitted request (see lib/crash-point.ts). */
  crashPoint?: (point: string) => void;
}

type Claim = { kind: 'run' } | { kind: 'replay'; response: StoredResponse };

const IN_USE_RETRY_AFTER_SEC = 5;

/** The service's settings, defaults filled in. */
interface Settings {
  db: Db;
  clock: Clock;
  leaseMs: number;
  maxWaitMs: number;
  crashPoint: ((point: string) => void) | undefined;
}

/**
 * `Idempotency-Key` on POSTs that link or move money. The key is reserved before anything runs
 * (one row per brand and key); the response is stored in the transaction of the request's own
 * writes; a concurrent request with the same key and body waits for the first and replays its
 * response (after `maxWaitMs`, a 409 `idempotency_key_in_use` with Retry-After); the same key with
 * another body is a 422. A request that fails releases the key: fix the cause, retry with it.
 */
export function createIdempotencyService(options: IdempotencyOptions) {
  const settings: Settings = {
    db: options.db,
    clock: options.clock,
    leaseMs: options.leaseMs ?? 30_000,
    maxWaitMs: options.maxWaitMs ?? 30_000,
    crashPoint: options.crashPoint,
  };
  return {
    async run<R>(
      tenant: Tenant,
      key: string | undefined,
      route: string,
      request: unknown,
      execute: (commit: Commit<R>) => Promise<R>,
      present: (result: R) => StoredResponse,
    ): Promise<StoredResponse> {
      if (key === undefined) return present(await execute(async () => undefined));
      const claimed = await claim(settings, tenant, key, route, requestHash(route, request));
      if (claimed.kind === 'replay') return claimed.response;
      return runClaimed(settings, tenant, key, execute, present);
    },
  };
}

/** Runs the operation under a key this request holds: its response is stored, or the key released. */
async function runClaimed<R>(
  settings: Settings,
  tenant: Tenant,
  key: string,
  execute: (commit: Commit<R>) => Promise<R>,
  present: (result: R) => StoredResponse,
): Promise<StoredResponse> {
  const { db, clock } = settings;
  const timer = heartbeat(settings, tenant, key);
  let stored = false;
  try {
    const result = await execute(async (tx, value) => {
      const response = present(value);
      settings.crashPoint?.('idempotency:before-commit');
      await completeReservation(tx, tenant.brandId, key, serialise(response, clock));
      stored = true;
    });
    const response = present(result);
    // An operation that wrote nothing has no transaction to store the response in.
    if (!stored)
      await transact(db, (tx) => completeReservation(tx, tenant.brandId, key, serialise(response, clock)));
    return response;
  } catch (error) {
    await transact(db, (tx) => releaseReservation(tx, tenant.brandId, key));
    throw error;
  } finally {
    clearInterval(timer);
  }
}

const leaseEnd = ({ clock, leaseMs }: Settings) => addMs(clock.now(), leaseMs).toISOString();

/** One attempt to reserve: null while another request holds the key. */
async function tryClaim(
  settings: Settings,
  tenant: Tenant,
  key: string,
  route: string,
  hash: string,
): Promise<Claim | null> {
  const { db, clock } = settings;
  const reservation = {
    brand_id: tenant.brandId,
    key,
    route,
    request_hash: hash,
    locked_until: leaseEnd(settings),
    created_at: clock.now().toISOString(),
  };
  // Through transact, so that on SQLite the reservation shares its commit with concurrent requests.
  const reserved = await transact(db, (tx) => insertReservation(tx, reservation));
  if (reserved) return { kind: 'run' };
  const row = await findKey(db, tenant.brandId, key);
  if (!row) return null; // released meanwhile: try again
  if (row.request_hash !== hash)
    throw new AppError(
      'idempotency_key_reused',
      'This Idempotency-Key was used with another request; use a new key for a new request.',
    );
  if (row.state === 'completed') return { kind: 'replay', response: storedResponse(row) };
  const expired = row.locked_until !== null && row.locked_until < clock.now().toISOString();
  if (expired && (await transact(db, (tx) => takeOverReservation(tx, row, leaseEnd(settings)))))
    return { kind: 'run' };
  return null;
}

async function claim(
  settings: Settings,
  tenant: Tenant,
  key: string,
  route: string,
  hash: string,
): Promise<Claim> {
  let waitedMs = 0;
  for (let pollMs = 10; ; pollMs = Math.min(pollMs * 2, 200)) {
    const claimed = await tryClaim(settings, tenant, key, route, hash);
    if (claimed) return claimed;
    if (waitedMs >= settings.maxWaitMs)
      throw new AppError(
        'idempotency_key_in_use',
        'A request with this Idempotency-Key is still being processed; retry after a few seconds to get its response.',
        { headers: { 'retry-after': String(IN_USE_RETRY_AFTER_SEC) } },
      );
    await sleep(pollMs);
    waitedMs += pollMs;
  }
}

/** Keeps the reservation alive while the request runs. */
function heartbeat(settings: Settings, tenant: Tenant, key: string): NodeJS.Timeout {
  const timer = setInterval(
    () => void renewReservation(settings.db, tenant.brandId, key, leaseEnd(settings)).catch(() => undefined),
    Math.max(10, Math.floor(settings.leaseMs / 3)),
  );
  timer.unref();
  return timer;
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>;

function requestHash(route: string, request: unknown): string {
  return createHash('sha256')
    .update(`${route}\u0000${JSON.stringify(request)}`)
    .digest('hex');
}

function serialise(response: StoredResponse, clock: Clock) {
  return { statusCode: response.status, body: JSON.stringify(response.body), now: clock.now().toISOString() };
}

function storedResponse(row: KeyRow): StoredResponse {
  return { status: row.status_code ?? 200, body: JSON.parse(row.response_body ?? 'null') as unknown };
}
