import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Products } from 'plaid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCode } from './support/processes.js';
import {
  demoBrandApi,
  type ProcessDatabase,
  processDatabases,
  sandboxPlaid,
  startLinkport,
} from './support/running.js';

type Json = Record<string, unknown>;

/**
 * A link request killed (SIGKILL) inside its transaction, after Plaid was read and the link and the
 * stored response were written but before the commit. Retried with the same Idempotency-Key after a
 * restart, it runs once more, and there is exactly one link.
 */
describe.each(processDatabases)('Idempotency-Key across a crash on $name', { timeout: 240_000 }, (target) => {
  let dataDir: string;
  let database: ProcessDatabase;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'linkport-crash-'));
    database = await target.database();
  });
  afterEach(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  });

  function start(crashPoint?: string) {
    const env = {
      LINKPORT_IDEMPOTENCY_LEASE_MS: '1000',
      ...(crashPoint ? { LINKPORT_TEST_CRASH_POINT: crashPoint } : {}),
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    };
    return startLinkport(dataDir, { env });
  }

  it('runs the retry of a request that died before its commit exactly once', async () => {
    const first = await start('idempotency:before-commit');
    let base = first.url;
    const { headers, api: brandApi } = demoBrandApi(dataDir, () => base);
    const api = (at: string, method: string, route: string, body?: unknown) => {
      base = at;
      return brandApi(method, route, body);
    };
    const customer = await api(first.url, 'POST', '/api/v0.1/customers', {
      first_name: 'Ada',
      last_name: 'Lovelace',
      date_of_birth: '1985-12-10',
    });
    const customerId = String(customer.body.customer_id);
    const card = await api(first.url, 'POST', '/api/v0.1/accounts', { customer_id: customerId });

    const plaid = sandboxPlaid(dataDir, first.sandboxUrl);
    const { data: created } = await plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth],
    });
    const { data: item } = await plaid.itemPublicTokenExchange({ public_token: created.public_token });
    const { data: accounts } = await plaid.accountsGet({ access_token: item.access_token });
    const { data: token } = await plaid.processorTokenCreate({
      access_token: item.access_token,
      account_id: accounts.accounts[0]?.account_id ?? '',
      processor: 'linkport' as never,
    });

    const link = { processor_token: token.processor_token, customer_id: customerId };
    const linkWithKey = (base: string) =>
      fetch(`${base}/api/v0.1/accounts/processor_tokens`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': 'crash-once' },
        body: JSON.stringify(link),
      });
    await expect(linkWithKey(first.url)).rejects.toThrow(); // the process died mid-request
    expect(await exitCode(first.child)).toBeNull(); // killed by a signal, not exited

    const second = await start();
    try {
      const retried = await linkWithKey(second.url);
      expect(retried.status).toBe(201);
      const body = (await retried.json()) as Json;
      const replay = await linkWithKey(second.url);
      expect(await replay.json()).toEqual(body);
      const listed = await api(
        second.url,
        'GET',
        `/api/v0.1/accounts/${String(card.body.account_id)}/external_accounts`,
      );
      expect(listed.body).toHaveLength(1);
      const events = await api(second.url, 'GET', '/api/v0.1/events');
      const linked = (events.body.data as Json[]).filter((e) => e.type === 'external_account.linked');
      expect(linked).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
      await exitCode(second.child);
    }
  });
});
