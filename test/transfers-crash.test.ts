import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseNachaFile } from '../src/ach/index.js';
import {
  demoBrandApi,
  type ProcessDatabase,
  processDatabases,
  sandboxPlaid,
  startLinkport,
} from './support/running.js';
import { exitCode } from './support/processes.js';
import { mintProcessorToken } from './support/processor-token.js';

const ROUNDS = 5;

/**
 * `linkport start` (API, worker, the ACH rail and the simulated bank in one process) killed with
 * SIGKILL in the middle of a burst of transfers and a banking-day advance (a file cut-off), five
 * times. After each restart every transfer the API acknowledged is there; at the end no transfer
 * is in two files and the ledger agrees with its entries.
 */
describe.each(processDatabases)('transfers across kill -9 on $name', { timeout: 300_000 }, (target) => {
  let dataDir: string;
  let database: ProcessDatabase;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'linkport-transfer-crash-'));
    database = await target.database();
  });
  afterEach(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  });

  function start(port?: number, sandboxPort?: number) {
    const env = { LINKPORT_ACH_POLL_MS: '50', ...(database.url ? { DATABASE_URL: database.url } : {}) };
    return startLinkport(dataDir, {
      env,
      ...(port ? { port } : {}),
      ...(sandboxPort ? { sandboxPort } : {}),
    });
  }

  it('keeps every acknowledged transfer, puts none in two files, and keeps the ledger balanced', async () => {
    let running = await start();
    const base = running.url;
    const { brand, api } = demoBrandApi(dataDir, () => base);
    const customer = await api('POST', '/api/v0.1/customers', {
      first_name: 'Ada',
      last_name: 'Lovelace',
      date_of_birth: '1985-12-10',
    });
    const card = String(
      (await api('POST', '/api/v0.1/accounts', { customer_id: customer.body.customer_id })).body.account_id,
    );
    const plaid = sandboxPlaid(dataDir, running.sandboxUrl);
    const { processorToken } = await mintProcessorToken(plaid);
    const linked = await api('POST', '/api/v0.1/accounts/processor_tokens', {
      processor_token: processorToken,
      customer_id: customer.body.customer_id,
    });
    const linkedId = String(linked.body.linked_account_id);
    await api('POST', `/api/v0.1/sandbox/accounts/${card}/fund`, { amount: 100_000_000 });

    const acknowledged: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let n = 0;
      const burst = Array.from({ length: 40 }, async (_, i) => {
        await delay(i * 5);
        const push = n++ % 3 !== 0;
        const body = {
          from: push ? card : linkedId,
          to: push ? linkedId : card,
          amount: 100 + i,
          currency: 'USD',
          description: `round ${round}`,
        };
        try {
          const res = await api('POST', '/api/v0.1/transfers', body, { 'idempotency-key': `r${round}-${i}` });
          if (res.status === 201) acknowledged.push(String(res.body.transfer_id));
        } catch {
          // The process died under the request: not acknowledged.
        }
      });
      const advance = (async () => {
        await delay(100 + round * 20);
        await api('POST', '/api/v0.1/sandbox/ach/advance_day').catch(() => undefined);
      })();
      // Mid-burst: once some requests were answered, while others are in flight.
      const before = acknowledged.length;
      for (let waited = 0; acknowledged.length < before + 6 + round && waited < 3000; waited += 10)
        await delay(10);
      running.child.kill('SIGKILL');
      await exitCode(running.child);
      await Promise.all([...burst, advance]);
      running = await start(running.port, running.sandboxPort);
      for (const id of acknowledged)
        expect((await api('GET', `/api/v0.1/transfers/${id}`)).status, id).toBe(200);
    }
    try {
      // Let the rail finish what the crashes left: send, settle, release.
      for (let day = 0; day < 4; day++) await api('POST', '/api/v0.1/sandbox/ach/advance_day');
      expect(acknowledged.length).toBeGreaterThan(ROUNDS * 5);
      const traces = new Map<string, number>();
      for (const folder of ['outbound', path.join('outbound', 'processed')]) {
        const dir = path.join(dataDir, 'ach', folder);
        if (!existsSync(dir)) continue;
        for (const name of readdirSync(dir).filter((f) => f.endsWith('.ach'))) {
          const file = parseNachaFile(readFileSync(path.join(dir, name), 'latin1'));
          for (const entry of file.batches.flatMap((b) => b.entries))
            traces.set(entry.individualId, (traces.get(entry.individualId) ?? 0) + 1);
        }
      }
      expect([...traces.values()].filter((count) => count > 1)).toEqual([]);
      for (const id of acknowledged) {
        const t = (await api('GET', `/api/v0.1/transfers/${id}`)).body;
        expect(['settled', 'failed'], `${id} ${String(t.status)}`).toContain(t.status);
        if (t.status === 'settled')
          expect(traces.get(id.replaceAll('-', '').slice(-15).toUpperCase())).toBe(1);
      }
      const check = await fetch(`${base}/admin/brands/${String(brand.brand_id)}/ledger/check`, {
        headers: {
          authorization: `Bearer ${readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim()}`,
        },
      });
      expect(await check.json()).toMatchObject({ balanced: true });
    } finally {
      running.child.kill('SIGTERM');
      await exitCode(running.child);
    }
  });
});
