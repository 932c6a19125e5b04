import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.js';
import { loadConfig } from '../src/config.js';
import { buildContainer } from '../src/container.js';
import { rotateMasterKey } from '../src/domain/keys/master-key.js';
import { createKeyring, deriveFingerprintKey, generateMasterKey, parseMasterKey } from '../src/lib/crypto.js';
import { createLogger } from '../src/lib/logger.js';
import { listSealedValues, SEALED_COLUMNS } from '../src/store/sealed-columns.store.js';
import { TEST_ADMIN_TOKEN, TEST_MASTER_KEY } from './support/app.js';
import { linkportSync } from './support/cli.js';
import { testDatabases } from './support/databases.js';
import { completeLink } from './support/link-driver.js';
import { mintProcessorToken } from './support/processor-token.js';
import { type Json, type SandboxedServer, startWithSandbox } from './support/with-sandbox.js';

const OLD_KEY = parseMasterKey(TEST_MASTER_KEY) as Buffer;
const NEW_KEY_TEXT = generateMasterKey();
const NEW_KEY = parseMasterKey(NEW_KEY_TEXT) as Buffer;

/** A brand with a secret in every sealed column: links, a held Item, an insight link, a webhook endpoint, an ACH file. */
async function sealEverything(harness: SandboxedServer) {
  const { server, sandbox } = harness;
  const send = (method: string, route: string, headers: Record<string, string>, body?: unknown) =>
    harness.send(method, route, headers, body);
  const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const { brandId, headers } = await server.createBrand('Acme');
  await send('PUT', `/admin/brands/${brandId}/integrations/plaid`, admin, { enabled: true });
  const endpoint = await send('POST', '/api/v0.1/webhook_endpoints', headers, {
    url: 'http://127.0.0.1:9/hook',
  });
  await send('POST', `/api/v0.1/webhook_endpoints/${String(endpoint.body.id)}/rotate_secret`, headers);
  const customer = await send('POST', '/api/v0.1/customers', headers, {
    first_name: 'Alberta',
    last_name: 'Charleson',
    date_of_birth: '1985-12-10',
  });
  const account = await send('POST', '/api/v0.1/accounts', headers, {
    customer_id: customer.body.customer_id,
  });
  const accountId = String(account.body.account_id);
  const linked = await send('POST', '/api/v0.1/accounts/processor_tokens', headers, {
    processor_token: (await mintProcessorToken(sandbox.plaid)).processorToken,
    customer_id: customer.body.customer_id,
  });
  expect(linked.status, JSON.stringify(linked.body)).toBe(201);
  // Insight links need an Item linked with transactions.
  const insightToken = (
    await mintProcessorToken(sandbox.plaid, undefined, [Products.Auth, Products.Transactions])
  ).processorToken;
  const insight = await send('POST', '/plaid/processor-link', headers, {
    processor_token: insightToken,
    job: 'recurrence-detection',
  });
  expect(insight.status, JSON.stringify(insight.body)).toBeLessThan(300);
  const profile = await send('POST', '/profiles', headers, {
    first_name: 'Alberta',
    last_name: 'Charleson',
    date_of_birth: '1985-12-10',
  });
  const linkToken = await send('POST', '/plaid/links', headers, { profile_id: profile.body.profile_id });
  const link = await completeLink(sandbox.url, String(linkToken.body.link_token));
  const item = await send('POST', '/plaid/items', headers, {
    profile_id: profile.body.profile_id,
    plaid_public_token: link.publicToken,
    plaid_institution: { id: link.institution.institution_id, name: link.institution.name },
    plaid_account_ids: link.accounts.map((a) => a.id),
  });
  expect(item.status, JSON.stringify(item.body)).toBe(201);
  await send('POST', `/api/v0.1/sandbox/accounts/${accountId}/fund`, headers, { amount: 5000 });
  const push = await send(
    'POST',
    '/api/v0.1/transfers',
    { ...headers, 'idempotency-key': 'rotation-push' },
    {
      from: accountId,
      to: linked.body.linked_account_id,
      amount: 1000,
      currency: 'USD',
      description: 'Payout',
    },
  );
  expect(push.status, JSON.stringify(push.body)).toBe(201);
  await send('POST', '/api/v0.1/sandbox/ach/advance_day', headers);
  return { headers, accountId, insightToken };
}

describe.each(testDatabases)('master key rotation on $name', { timeout: 60_000 }, (database) => {
  let harness: SandboxedServer;
  let sealed: Awaited<ReturnType<typeof sealEverything>>;
  beforeAll(async () => {
    harness = await startWithSandbox(database);
    sealed = await sealEverything(harness);
  });
  afterAll(() => harness.close());

  it('re-seals every sealed value under the new key; the old key opens none of them', async () => {
    const db = harness.server.container.store.db;
    const report = await rotateMasterKey(db, { current: OLD_KEY, next: NEW_KEY }, new Date());
    const fingerprintKey = deriveFingerprintKey(OLD_KEY);
    const fresh = createKeyring(NEW_KEY, fingerprintKey);
    const old = createKeyring(OLD_KEY);
    for (const col of SEALED_COLUMNS) {
      const rows = await listSealedValues(db, col, '', 1000);
      expect(rows.length, `${col.table}.${col.column}`).toBeGreaterThan(0);
      expect(report.columns.find((c) => c.table === col.table && c.column === col.column)?.count).toBe(
        rows.length,
      );
      for (const row of rows) {
        const ctx = { brandId: row.brandId, rowId: row.id, column: col.aad };
        expect(fresh.decrypt(row.value, ctx).length).toBeGreaterThan(0);
        expect(() => old.decrypt(row.value, ctx)).toThrow();
      }
    }
    await expect(rotateMasterKey(db, { current: OLD_KEY, next: NEW_KEY }, new Date())).rejects.toThrow(
      /key of its last rotation/,
    );
  });

  it('serves with the new key (numbers open, fingerprints still match); refuses to start with the old', async () => {
    const store = harness.server.container.store;
    const env = (key: string) =>
      loadConfig({
        DATABASE_URL: store.dialect === 'sqlite' ? 'sqlite::memory:' : 'postgres://unused@127.0.0.1/unused',
        LINKPORT_MASTER_KEY: key,
        LINKPORT_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        LINKPORT_ACH_DIR: mkdtempSync(path.join(tmpdir(), 'linkport-ach-')),
      });
    const overrides = { store: { ...store, close: async () => {} }, logger: createLogger('silent') };
    await expect(buildContainer(env(TEST_MASTER_KEY), overrides)).rejects.toThrow(/key of its last rotation/);
    const container = await buildContainer(env(NEW_KEY_TEXT), {
      ...overrides,
      plaid: harness.server.container.plaid,
    });
    const app = await buildApp(container);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const get = (route: string, init: RequestInit = {}) =>
        fetch(`${url}${route}`, { headers: sealed.headers, ...init });
      const full = await get(
        `/api/v0.1/accounts/${sealed.accountId}/external_accounts?list_full_account=true`,
      );
      expect(full.status).toBe(200);
      expect(await full.text()).toContain('1111222233330000');
      // Found by the processor token's fingerprint, which the rotation kept.
      const removed = await get('/plaid/processor-link', {
        method: 'DELETE',
        body: JSON.stringify({ processor_token: sealed.insightToken }),
      });
      expect(removed.status, JSON.stringify((await removed.json()) as Json)).toBe(200);
    } finally {
      await app.close();
      await container.close();
    }
  });
});

describe('linkport keys rotate and backup', { timeout: 120_000 }, () => {
  it('refuses another master key on a database that was never rotated, before reading any secret', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'linkport-keys-'));
    try {
      const env = { LINKPORT_MASTER_KEY: TEST_MASTER_KEY };
      expect(linkportSync(['brands', 'create', '--name', 'Acme', '--data-dir', dataDir], env).status).toBe(0);
      const other = linkportSync(['brands', 'list', '--data-dir', dataDir], {
        LINKPORT_MASTER_KEY: NEW_KEY_TEXT,
      });
      expect(other.status, other.stderr).toBe(2);
      expect(other.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/LINKPORT_MASTER_KEY must be the key the database was first started with/),
      ]);
      expect(linkportSync(['brands', 'list', '--data-dir', dataDir], env).stdout).toContain('Acme');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  it("re-seals a data directory's database, replaces its key file, and backs the database up", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'linkport-keys-'));
    try {
      expect(linkportSync(['brands', 'create', '--name', 'Acme', '--data-dir', dataDir]).status).toBe(0);
      const oldKeyText = readFileSync(path.join(dataDir, 'master.key'), 'utf8').trim();
      const keyFile = path.join(dataDir, 'new.key');
      writeFileSync(keyFile, 'not a key\n');
      const refused = linkportSync(['keys', 'rotate', '--new-key-file', keyFile, '--data-dir', dataDir]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('--new-key-file must hold a 32-byte key');
      writeFileSync(keyFile, `${NEW_KEY_TEXT}\n`);
      const rotated = linkportSync(['keys', 'rotate', '--new-key-file', keyFile, '--data-dir', dataDir]);
      expect(rotated.status, rotated.stderr).toBe(0);
      expect(rotated.stdout).toContain('under the new master key');
      expect(readFileSync(path.join(dataDir, 'master.key'), 'utf8').trim()).toBe(NEW_KEY_TEXT);
      expect(linkportSync(['brands', 'list', '--data-dir', dataDir]).stdout).toContain('Acme');
      // The old key is refused like a bad setting: one line naming it, exit 2.
      const stale = linkportSync(['brands', 'list', '--data-dir', dataDir], {
        LINKPORT_MASTER_KEY: oldKeyText,
      });
      expect(stale.status, stale.stderr).toBe(2);
      expect(stale.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/LINKPORT_MASTER_KEY must be the key .* or the key of its last rotation/),
      ]);
      // The online backup of the same directory: a database that opens, owner-only.
      const copy = path.join(dataDir, 'backup.db');
      const backup = linkportSync(['backup', '--to', copy, '--data-dir', dataDir]);
      expect(backup.status, backup.stderr).toBe(0);
      expect(statSync(copy).mode & 0o777).toBe(0o600);
      const opened = new SQLite(copy, { readonly: true });
      expect(opened.prepare('select name from brands').all()).toEqual([{ name: 'Acme' }]);
      opened.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
