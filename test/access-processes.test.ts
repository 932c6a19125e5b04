import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/store/migrate.js';
import { TEST_ADMIN_TOKEN, TEST_MASTER_KEY } from './support/app.js';
import { sharedDatabases } from './support/shared-db.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** One API process on the shared database; resolves with its base URL. */
function spawnApi(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/api-process.ts'], {
    env: { ...process.env, ...env, MASTER_KEY: TEST_MASTER_KEY, ADMIN_TOKEN: TEST_ADMIN_TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`API process exited with ${code}`)));
  });
}

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function post(url: string, body: unknown): Promise<Record<string, string>> {
  const res = await fetch(url, { method: 'POST', headers: admin, body: JSON.stringify(body) });
  expect(res.status).toBe(201);
  return (await res.json()) as Record<string, string>;
}

describe.each(sharedDatabases)(
  'key revocation across two API processes on $name',
  { timeout: 60_000 },
  (kind) => {
    it('refuses a revoked key on both processes within a second, while the other key keeps working', async () => {
      const shared = await kind.open();
      try {
        await migrateToLatest(shared.store);
        const [a, b] = await Promise.all([spawnApi(shared.env), spawnApi(shared.env)]);
        const brand = await post(`${a}/admin/brands`, { name: 'Acme' });
        const spare = await post(`${b}/admin/brands/${brand.brand_id}/keys`, { name: 'Spare' });
        const headers = (k: Record<string, string>) => ({
          identity: k.identity ?? '',
          authorization: k.secret ?? '',
        });
        const status = async (base: string, k: Record<string, string>) =>
          (await fetch(`${base}/api/v0.1/customers`, { headers: headers(k) })).status;
        // Both processes have the key cached.
        expect([await status(a, brand), await status(b, brand)]).toEqual([200, 200]);

        const revoke = await fetch(`${a}/admin/brands/${brand.brand_id}/keys/${brand.identity}`, {
          method: 'DELETE',
          headers: { authorization: admin.authorization },
        });
        expect(revoke.status).toBe(200);
        await delay(1_000);
        expect([await status(a, brand), await status(b, brand)]).toEqual([401, 401]);
        expect([await status(a, spare), await status(b, spare)]).toEqual([200, 200]);
      } finally {
        await shared.store.close();
        await shared.cleanup();
      }
    });
  },
);
