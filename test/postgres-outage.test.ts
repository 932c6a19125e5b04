import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { exitCode } from './support/processes.js';
import { mintProcessorToken } from './support/processor-token.js';
import { demoBrandApi, sandboxPlaid, scratchPostgres, startLinkport } from './support/running.js';
import { startTcpProxy } from './support/tcp-proxy.js';

const pgUrl = process.env.TEST_DATABASE_URL;

/**
 * `linkport start` on PostgreSQL reached through a proxy the test can cut: while the database is
 * unreachable every request gets a 503 with Retry-After (never a 500, never a hang), `/readyz` says
 * not ready, and when the database is back the same process serves again: the API, and the worker's
 * ACH rail, which sends the transfer accepted before the outage.
 */
describe.skipIf(!pgUrl)('PostgreSQL unreachable under load', { timeout: 180_000 }, () => {
  it('answers 503 with Retry-After while it is down, and recovers without a restart', async () => {
    const upstream = new URL(pgUrl ?? '');
    const proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    const database = await scratchPostgres(pgUrl ?? '', `127.0.0.1:${proxy.port}`);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'linkport-outage-'));
    const env = { DATABASE_URL: database.url ?? '', LINKPORT_ACH_POLL_MS: '50' };
    const running = await startLinkport(dataDir, { env, logLevel: 'fatal' });
    try {
      const { api } = demoBrandApi(dataDir, () => running.url);
      const person = { first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1985-12-10' };
      const customerId = String((await api('POST', '/api/v0.1/customers', person)).body.customer_id);
      const card = String(
        (await api('POST', '/api/v0.1/accounts', { customer_id: customerId })).body.account_id,
      );
      const { processorToken } = await mintProcessorToken(sandboxPlaid(dataDir, running.sandboxUrl));
      const linked = await api('POST', '/api/v0.1/accounts/processor_tokens', {
        processor_token: processorToken,
        customer_id: customerId,
      });
      await api('POST', `/api/v0.1/sandbox/accounts/${card}/fund`, { amount: 1_000_000 });
      const push = {
        from: card,
        to: linked.body.linked_account_id,
        amount: 500,
        currency: 'USD',
        description: 'Before',
      };
      const accepted = await api('POST', '/api/v0.1/transfers', push, { 'idempotency-key': 'before-outage' });
      expect(accepted.status).toBe(201);

      // Load across the cut: reads and writes from 10 clients for 3 seconds.
      proxy.cut();
      const outcomes: Array<{ status: number; retryAfter: string | null; code: unknown }> = [];
      const deadline = Date.now() + 3000;
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          for (let n = 0; Date.now() < deadline; n++) {
            const response =
              n % 3 === 0
                ? await api('GET', `/api/v0.1/customers/${customerId}`)
                : n % 3 === 1
                  ? await api('POST', '/api/v0.1/customers', person)
                  : await api('GET', '/readyz');
            outcomes.push({
              status: response.status,
              retryAfter: response.retryAfter,
              code: response.body.Code,
            });
            await delay(20 + i);
          }
        }),
      );
      expect(outcomes.length).toBeGreaterThan(30);
      expect(outcomes.filter((o) => o.status !== 503)).toEqual([]);
      expect(outcomes.filter((o) => !(Number(o.retryAfter) > 0) || o.code !== 'unavailable')).toEqual([]);
      expect(running.child.exitCode).toBeNull();

      proxy.restore();
      let back = await api('GET', `/api/v0.1/customers/${customerId}`);
      for (let waited = 0; back.status !== 200 && waited < 20_000; waited += 200) {
        await delay(200);
        back = await api('GET', `/api/v0.1/customers/${customerId}`);
      }
      expect(back.status).toBe(200);
      expect((await api('GET', '/readyz')).status).toBe(200);
      expect((await api('POST', '/api/v0.1/customers', person)).status).toBe(201);
      // The worker's rail survived too: a banking day later the transfer is in a file.
      await api('POST', '/api/v0.1/sandbox/ach/advance_day');
      const sent = await api('GET', `/api/v0.1/transfers/${String(accepted.body.transfer_id)}`);
      expect(['processing', 'settled']).toContain(sent.body.status);
      expect(running.child.exitCode).toBeNull();
    } finally {
      running.child.kill('SIGTERM');
      await exitCode(running.child);
      await proxy.close();
      rmSync(dataDir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
