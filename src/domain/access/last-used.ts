import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';
import { touchApiKeys } from '../../store/api-keys.store.js';
import type { Db } from '../../store/db.js';

/** A key's last-used time is kept to this resolution: one write per key per process per minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;
const TRACKED_MAX = 10_000;

/**
 * Last-used times, off the request path: a request only notes its key in memory; the keys noted
 * since the last write go to the database together, after the response, in one UPDATE.
 */
export function createLastUsedTracker({ db, clock, logger }: { db: Db; clock: Clock; logger: Logger }) {
  const writtenAtMs = new Map<string, number>();
  const pending = new Set<string>();
  let writing: Promise<void> = Promise.resolve();
  let scheduled = false;

  const write = async () => {
    scheduled = false;
    const ids = [...pending];
    pending.clear();
    try {
      await touchApiKeys(db, ids, clock.now().toISOString());
    } catch (err) {
      logger.warn({ err }, 'could not record when API keys were last used');
    }
  };

  return {
    note(identity: string): void {
      const nowMs = clock.now().getTime();
      const last = writtenAtMs.get(identity);
      if (last !== undefined && nowMs - last < LAST_USED_RESOLUTION_MS) return;
      if (writtenAtMs.size >= TRACKED_MAX) writtenAtMs.clear();
      writtenAtMs.set(identity, nowMs);
      pending.add(identity);
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        writing = writing.then(write);
      });
    },
    async flush(): Promise<void> {
      await new Promise((resolve) => setImmediate(resolve));
      await writing;
    },
  };
}
