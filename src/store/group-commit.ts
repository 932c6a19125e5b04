import { sql } from 'kysely';
import type { Db } from './db.js';

/** The most transactions one commit carries, so no batch holds the write lock for long. */
const MAX_BATCH = 256;

interface Queued {
  work: (tx: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for SQLite. With `synchronous=FULL` every commit waits for an fsync, and on SQLite's
 * one connection the commits of concurrent requests would otherwise queue for one fsync each.
 * Transactions requested in the same turn of the event loop instead run one after another inside
 * one SQLite transaction, each in a savepoint of its own, and share its commit:
 *
 * - each keeps its own outcome: one that throws is rolled back to its savepoint, alone, and its
 *   caller gets its error; the others go on;
 * - nobody hears of success before the shared commit is on disk, so an acknowledged transaction is
 *   as durable as before; if the commit fails, every caller of the batch gets the error;
 * - they run in order, each seeing the writes of those before it, exactly as if they had committed
 *   one by one in that order (they commit or vanish together, so no one sees a write that is lost);
 * - reads outside a transaction wait for the connection as before, so they never see a write that
 *   is not yet committed.
 *
 * The batch starts on `setImmediate`: requests whose data arrived in the same poll of the event loop
 * have all reached their transaction by then, and share its fsync.
 */
export class GroupCommit {
  readonly #db: Db;
  readonly #queue: Queued[] = [];
  #scheduled = false;

  constructor(db: Db) {
    this.#db = db;
  }

  run<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    const batch: Queued[] = [];
    const outcomes: Array<() => void> = [];
    try {
      await this.#db.transaction().execute(async (tx) => {
        while (this.#queue.length > 0 && batch.length < MAX_BATCH) {
          const item = this.#queue.shift() as Queued;
          batch.push(item);
          outcomes.push(await runInSavepoint(tx, item));
        }
      });
      for (const settle of outcomes) settle();
    } catch (error) {
      for (const item of batch) item.reject(error);
    } finally {
      this.#scheduled = false;
      if (this.#queue.length > 0) this.#schedule();
    }
  }
}

/** Runs one queued transaction in a savepoint; returns how to tell its caller once the batch commits. */
async function runInSavepoint(tx: Db, item: Queued): Promise<() => void> {
  await sql`savepoint grouped`.execute(tx);
  try {
    const value = await item.work(tx);
    await sql`release grouped`.execute(tx);
    return () => item.resolve(value);
  } catch (error) {
    // If SQLite already rolled the whole transaction back (a full disk), this throws and the batch fails.
    await sql`rollback to grouped`.execute(tx);
    await sql`release grouped`.execute(tx);
    return () => item.reject(error);
  }
}
