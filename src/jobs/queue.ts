import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { Db } from '../store/db.js';
import type { JobCatalog } from './catalog.js';

export const DEFAULT_MAX_ATTEMPTS = 8;

export interface EnqueueOptions {
  /** Earliest time to run; default now. */
  runAt?: Date;
  maxAttempts?: number;
}

export interface Queue {
  /**
   * Adds a job inside the caller's transaction (pass the transaction as `tx`), so the job exists
   * exactly when the rows that caused it do.
   */
  enqueue(tx: Db, name: string, payload: unknown, options?: EnqueueOptions): Promise<string>;
}

export function createQueue(catalog: JobCatalog, clock: Clock): Queue {
  return {
    async enqueue(tx, name, payload, options = {}) {
      const definition = catalog.get(name);
      if (!definition) throw new Error(`unknown job ${name}`);
      const parsed = definition.schema.parse(payload);
      const now = clock.now().toISOString();
      const id = newId();
      await tx
        .insertInto('jobs')
        .values({
          id,
          name,
          payload: JSON.stringify(parsed),
          state: 'queued',
          attempts: 0,
          max_attempts: options.maxAttempts ?? definition.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
          run_at: (options.runAt ?? clock.now()).toISOString(),
          lease_until: null,
          lease_owner: null,
          last_error: null,
          created_at: now,
          updated_at: now,
          finished_at: null,
        })
        .execute();
      return id;
    },
  };
}
