import type { z } from 'zod';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import { insertJob } from '../store/jobs.store.js';
import type { Tx } from '../store/tx.js';
import type { JobType } from './catalog.js';

export interface EnqueueOptions {
  /** Earliest time to run; default now. */
  runAt?: Date;
  maxAttempts?: number;
}

export interface Queue {
  /**
   * Adds a job inside the caller's transaction (pass the transaction as `tx`), so the job exists
   * exactly when the rows that caused it do. The payload is checked against the job type's schema.
   */
  enqueue<S extends z.ZodType>(
    tx: Tx,
    type: JobType<S>,
    payload: z.input<S>,
    options?: EnqueueOptions,
  ): Promise<string>;
}

export function createQueue(clock: Clock): Queue {
  return {
    async enqueue(tx, type, payload, options = {}) {
      const parsed: unknown = type.schema.parse(payload);
      const now = clock.now().toISOString();
      const id = newId();
      await insertJob(tx, {
        id,
        name: type.name,
        payload: JSON.stringify(parsed),
        state: 'queued',
        attempts: 0,
        max_attempts: options.maxAttempts ?? type.maxAttempts,
        run_at: (options.runAt ?? clock.now()).toISOString(),
        lease_until: null,
        lease_owner: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      });
      return id;
    },
  };
}
