import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './schema.js';
import { migrateToLatest } from './migrate.js';
import { findLiveByFingerprint, listLiveLinkedAccounts } from './linked-accounts.store.js';

/**
 * The live-link lookups must use the index made for them from the moment they are prepared. It is
 * partial (`status <> 'removed'`), and SQLite can choose a partial index at prepare time only when
 * the query states its condition literally: with the status bound as a parameter, the statement
 * was planned without the index and prepared again on every run once the value was bound (7x
 * slower per lookup in a measurement with 20,000 links), and PostgreSQL's generic plans cannot use
 * the index at all.
 */
describe('live linked account lookups on SQLite', () => {
  let raw: SQLite.Database;
  let db: Kysely<Database>;
  const executed: { sql: string; parameters: readonly unknown[] }[] = [];

  beforeEach(async () => {
    raw = new SQLite(':memory:');
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: raw }),
      log: (event) => void executed.push({ sql: event.query.sql, parameters: event.query.parameters }),
    });
    await migrateToLatest({ db, dialect: 'sqlite', location: 'memory', close: () => db.destroy() });
    executed.length = 0;
  });
  afterEach(() => db.destroy());

  /** SQLite's plan for the last query run, one line per step. */
  function lastPlan(): string {
    const last = executed[executed.length - 1];
    if (!last) throw new Error('no query ran');
    const steps = raw.prepare(`explain query plan ${last.sql}`).all(...last.parameters) as {
      detail: string;
    }[];
    return steps.map((s) => s.detail).join('\n');
  }

  it('finds the live link of a bank account through the live-fingerprint index', async () => {
    await findLiveByFingerprint(db, 'brand', 'owner', 'fingerprint');
    // The status is in the SQL, not a parameter.
    expect(executed[executed.length - 1]?.parameters).toEqual(['brand', 'owner', 'fingerprint']);
    expect(executed[executed.length - 1]?.sql).toContain(`"status" <> 'removed'`);
    expect(lastPlan()).toMatch(
      /USING INDEX linked_accounts_live_fingerprint_idx \(brand_id=\? AND owner_id=\? AND fingerprint=\?\)/,
    );
  });

  it("lists an owner's live links through the same index", async () => {
    await listLiveLinkedAccounts(db, 'brand', { ownerId: 'owner' });
    expect(executed[executed.length - 1]?.parameters).toEqual(['brand', 'owner']);
    expect(lastPlan()).toMatch(/linked_accounts_live_fingerprint_idx \(brand_id=\? AND owner_id=\?\)/);
  });
});
