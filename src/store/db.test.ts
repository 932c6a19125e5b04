import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestStore, testDatabases } from '../../test/support/databases.js';
import { findActiveApiKey } from './api-keys.store.js';
import { countBrands, insertBrandWithKey } from './brands.store.js';
import { preparedQuery } from '../lib/prepared-query.js';
import { type Db, openStore } from './db.js';
import { migrateToLatest } from './migrate.js';
import { findOwner, insertOwner } from './owners.store.js';
import type { OwnersTable } from './schema.js';

describe('SQLite file store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'linkport-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens with WAL, synchronous=FULL, foreign keys and a busy timeout, creating the directory', async () => {
    const file = path.join(dir, 'nested', 'linkport.db');
    const store = await openStore({ kind: 'sqlite', file });
    await migrateToLatest(store);
    await store.close();
    const raw = new SQLite(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('migrates once: a second run applies nothing', async () => {
    const file = path.join(dir, 'linkport.db');
    const store = await openStore({ kind: 'sqlite', file });
    expect((await migrateToLatest(store)).applied).toEqual([
      '0001_foundation',
      '0002_external_accounts',
      '0003_token_fingerprints',
      '0004_hosted_linking',
      '0005_exactly_once',
      '0006_webhooks',
      '0007_insights',
      '0008_transfers',
      '0009_rate_limits',
      '0010_key_material',
      '0011_access',
    ]);
    expect((await migrateToLatest(store)).applied).toEqual([]);
    await store.close();
  });
});

function owner(brandId: string, id: string): OwnersTable {
  const now = new Date('2026-03-04T05:06:07.089Z').toISOString();
  return {
    id,
    brand_id: brandId,
    kind: 'customer',
    first_name: 'Ada',
    middle_name: null,
    last_name: 'Lovelace',
    date_of_birth: '1985-12-10',
    legal_business_name: null,
    dba_business_name: null,
    ein: null,
    email: null,
    phone: null,
    address_line_1: null,
    address_line_2: null,
    city: null,
    state: null,
    zip_code: null,
    country: null,
    created_at: now,
    updated_at: now,
  };
}

describe.each(testDatabases)('store on $name', (database) => {
  let store: TestStore;
  beforeEach(async () => {
    store = await database.open();
  });
  afterEach(() => store.close());

  const brand = (id: string) => ({
    brand: { id, name: id, created_at: new Date().toISOString() },
    key: {
      id: `key-${id}`,
      brand_id: id,
      secret_hash: 'h',
      created_at: new Date().toISOString(),
      revoked_at: null,
    },
  });

  it('round-trips timestamps as ISO strings and scopes owners by brand', async () => {
    for (const id of ['b1', 'b2']) {
      const b = brand(id);
      await insertBrandWithKey(store.db, b.brand, b.key);
    }
    expect(await countBrands(store.db)).toBe(2);
    await insertOwner(store.db, owner('b1', 'o1'));
    const row = await findOwner(store.db, 'b1', 'customer', 'o1');
    expect(row?.created_at).toBe('2026-03-04T05:06:07.089Z');
    expect(await findOwner(store.db, 'b2', 'customer', 'o1')).toBeUndefined();
    expect(await findOwner(store.db, 'b1', 'business', 'o1')).toBeUndefined();
  });

  it('runs a prepared query with fresh parameters each call, and refuses one with a value it was not given', async () => {
    const byName = preparedQuery((db: Db, name: string) =>
      db.selectFrom('brands').select('id').where('name', '=', name),
    );
    for (const id of ['b1', 'b2']) {
      const b = brand(id);
      await insertBrandWithKey(store.db, b.brand, b.key);
    }
    expect(await byName(store.db, 'b2')).toEqual([{ id: 'b2' }]);
    expect(await byName(store.db, 'b1')).toEqual([{ id: 'b1' }]);
    expect(await byName(store.db, 'nope')).toEqual([]);
    const withConstant = preparedQuery((db: Db, name: string) =>
      db.selectFrom('brands').select('id').where('name', '=', name).where('id', '=', 'b1'),
    );
    await expect(withConstant(store.db, 'b1')).rejects.toThrow('binds a value it was not given');
  });

  it('enforces foreign keys and the owner kind', async () => {
    await expect(insertOwner(store.db, owner('no-such-brand', 'o1'))).rejects.toThrow();
    const b = brand('b1');
    await insertBrandWithKey(store.db, b.brand, b.key);
    await expect(
      insertOwner(store.db, { ...owner('b1', 'o2'), kind: 'alien' as 'customer' }),
    ).rejects.toThrow();
  });

  it('rolls back a brand whose key cannot be written', async () => {
    const b = brand('b1');
    await insertBrandWithKey(store.db, b.brand, b.key);
    const again = brand('b2');
    await expect(insertBrandWithKey(store.db, again.brand, { ...again.key, id: b.key.id })).rejects.toThrow();
    expect(await countBrands(store.db)).toBe(1);
    expect(await findActiveApiKey(store.db, b.key.id)).toMatchObject({ brand_id: 'b1' });
  });
});
