import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postgresDatabase, type TestStore, testDatabases } from '../../test/support/databases.js';
import { insertBrandWithKey } from './brands.store.js';
import { insertAudit } from './audit.store.js';
import { type EventCursor, findEventCursor, insertEvent, listEventsAfter } from './events.store.js';
import { transact, type Tx } from './tx.js';

const BRAND = 'brand-1';
const now = '2026-12-02T10:00:00.000Z';

async function addEvent(tx: Tx, id: string): Promise<void> {
  await insertEvent(tx, {
    id,
    brand_id: BRAND,
    type: 'external_account.linked',
    subject_id: id,
    data: '{}',
    version: 1,
    created_at: now,
  });
}

/** A reader that pages with the cursor, as a brand polling /api/v0.1/events does. */
function reader(store: TestStore) {
  let cursor: EventCursor | undefined;
  const seen: string[] = [];
  return {
    seen,
    async poll(): Promise<void> {
      for (;;) {
        const rows = await listEventsAfter(store.db, BRAND, cursor, 2);
        if (rows.length === 0) return;
        for (const row of rows) seen.push(row.id);
        const last = rows[rows.length - 1];
        cursor = last && (await findEventCursor(store.db, BRAND, last.id));
      }
    },
  };
}

/** Runs `work` in a transaction that stays open until `release` is called. */
function openTransaction(store: TestStore, work: (tx: Tx) => Promise<void>) {
  let release: () => void = () => {};
  let started: () => void = () => {};
  const ready = new Promise<void>((r) => (started = r));
  const done = transact(store.db, async (tx) => {
    await work(tx);
    started();
    await new Promise<void>((r) => (release = r));
  });
  return { ready, done, commit: () => release() };
}

describe.each(testDatabases)('event paging on $name', (database) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await database.open();
    await insertBrandWithKey(
      store.db,
      { id: BRAND, name: 'Acme', created_at: now },
      { id: 'key', brand_id: BRAND, secret_hash: 'x', created_at: now, revoked_at: null },
    );
  });
  afterEach(() => store.close());

  it('pages through every event in order, two at a time', async () => {
    for (const id of ['e1', 'e2', 'e3', 'e4', 'e5']) await transact(store.db, (tx) => addEvent(tx, id));
    const r = reader(store);
    await r.poll();
    expect(r.seen).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
  });
});

describe.skipIf(!postgresDatabase)('event paging on postgres, transactions committing out of order', () => {
  let store: TestStore;
  beforeEach(async () => {
    store = await (postgresDatabase as NonNullable<typeof postgresDatabase>).open();
    await insertBrandWithKey(
      store.db,
      { id: BRAND, name: 'Acme', created_at: now },
      { id: 'key', brand_id: BRAND, secret_hash: 'x', created_at: now, revoked_at: null },
    );
  });
  afterEach(() => store.close());

  it('never passes an event whose transaction commits after a later one was read', async () => {
    const r = reader(store);
    // `late` takes its position first but commits last; `early` takes a later position, commits first.
    const late = openTransaction(store, (tx) => addEvent(tx, 'late'));
    await late.ready;
    await transact(store.db, (tx) => addEvent(tx, 'early'));
    await r.poll();
    late.commit();
    await late.done;
    await r.poll();
    expect(r.seen.sort()).toEqual(['early', 'late']);
  });

  it('also when the later-committing transaction took its transaction id first', async () => {
    const r = reader(store);
    // `first` gets its transaction id early (another write), then waits before writing its event.
    let writeEvent: () => void = () => {};
    const gate = new Promise<void>((resolve) => (writeEvent = resolve));
    const first = openTransaction(store, async (tx) => {
      await insertAudit(tx, [
        {
          id: 'a1',
          brand_id: BRAND,
          actor_type: 'api_key',
          actor_id: 'key',
          action: 'x',
          object_type: 'x',
          subject_id: 'x',
          request_id: null,
          source_address: null,
          created_at: now,
        },
      ]);
      await gate;
      await addEvent(tx, 'first');
    });
    const second = openTransaction(store, (tx) => addEvent(tx, 'second'));
    await second.ready;
    writeEvent();
    await first.ready;
    second.commit();
    await second.done;
    await r.poll();
    first.commit();
    await first.done;
    await r.poll();
    expect(r.seen.sort()).toEqual(['first', 'second']);
  });
});
