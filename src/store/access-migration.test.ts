import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createPgSchema } from '../../test/support/databases.js';
import { openStore, type Store } from './db.js';
import { migrateToLatest } from './migrate.js';
import { listMigrations } from './migrations/index.js';

const pgUrl = process.env.TEST_DATABASE_URL;

/** An empty database of each kind, with the schema's name on PostgreSQL (the migrator needs it). */
interface Blank {
  name: string;
  open(): Promise<{ store: Store; schema?: string; drop(): Promise<void> }>;
}

const blanks: Blank[] = [
  {
    name: 'sqlite',
    open: async () => ({
      store: await openStore({ kind: 'sqlite', file: ':memory:' }),
      drop: async () => {},
    }),
  },
  ...(pgUrl
    ? [
        {
          name: 'postgres',
          open: async () => {
            const scratch = await createPgSchema(pgUrl);
            const store = await openStore({ kind: 'postgres', url: pgUrl }, { searchPath: scratch.schema });
            return { store, schema: scratch.schema, drop: scratch.drop };
          },
        },
      ]
    : []),
];

async function migrateUpTo(store: Store, last: string, schema?: string): Promise<void> {
  const all = listMigrations(store.dialect);
  const before = Object.fromEntries(Object.entries(all).filter(([name]) => name <= last));
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => before },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed');
}

describe.each(blanks)('migration 0011_access on $name', (blank) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("makes a brand's existing key its first named key with full access, and keeps the reveal entries", async () => {
    const opened = await blank.open();
    cleanups.push(async () => {
      await opened.store.close();
      await opened.drop();
    });
    const { store } = opened;
    await migrateUpTo(store, '0010_key_material', opened.schema);
    const at = '2026-01-02T03:04:05.000Z';
    // The tables as they were before 0009.
    await sql`insert into brands (id, name, created_at) values ('b1', 'Acme', ${at})`.execute(store.db);
    await sql`insert into api_keys (id, brand_id, secret_hash, created_at) values ('k1', 'b1', 'h', ${at})`.execute(
      store.db,
    );
    await sql`insert into audit_log (id, brand_id, action, subject_id, request_id, created_at)
      values ('a1', 'b1', 'external_account.numbers_revealed', 'l1', 'r1', ${at})`.execute(store.db);

    await migrateToLatest(store);
    const key = await store.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow();
    expect(key).toMatchObject({
      id: 'k1',
      name: 'Initial key',
      scopes: null,
      read_only: 0,
      expires_at: null,
      revoked_at: null,
    });
    const entry = await store.db.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      id: 'a1',
      brand_id: 'b1',
      action: 'external_account.numbers_revealed',
      object_type: 'external_account',
      subject_id: 'l1',
      request_id: 'r1',
      actor_id: null,
      created_at: at,
    });
    const version = await store.db.selectFrom('access_version').selectAll().execute();
    expect(version.map((v) => Number(v.version))).toEqual([0]);
  });
});
