import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { TEST_ADMIN_TOKEN } from './support/app.js';
import { testDatabases } from './support/databases.js';
import { type Json, type SandboxedServer, startWithSandbox } from './support/with-sandbox.js';
import { mintProcessorToken } from './support/processor-token.js';

interface TheirEntry {
  transactionCode: string;
  receivingDFIIdentification: number;
  amount: number;
  traceNumber: number;
}
interface TheirTotals {
  entryAndAddendaCount: number;
  entryHash: number;
  totalDebit: number;
  totalCredit: number;
}
/** An independent NACHA parser (a test dependency only) reads every file Linkport sent. */
const nacha = createRequire(import.meta.url)('@midlandsbank/node-nacha') as {
  from(text: string): {
    data: { file: { footer: TheirTotals }; batches: { entries: TheirEntry[]; footer: TheirTotals }[] };
  };
};
const isDebit = (code: string) => Number(code[1]) >= 6;
/** The control totals recomputed from the entries the other parser read. */
function recompute(entries: readonly TheirEntry[]) {
  return {
    entryAndAddendaCount: entries.length,
    entryHash: entries.reduce((sum, e) => sum + e.receivingDFIIdentification, 0) % 10_000_000_000,
    totalDebit: entries.filter((e) => isDebit(e.transactionCode)).reduce((sum, e) => sum + e.amount, 0),
    totalCredit: entries.filter((e) => !isDebit(e.transactionCode)).reduce((sum, e) => sum + e.amount, 0),
  };
}

const ada = { first_name: 'Alberta', last_name: 'Charleson', date_of_birth: '1985-12-10' };
let keys = 0;
const key = () => `key-${process.pid}-${++keys}`;

describe.each(testDatabases)('transfers between card accounts and linked accounts on %s', (database) => {
  let env: SandboxedServer;
  beforeAll(async () => {
    env = await startWithSandbox(database);
  }, 60_000);
  afterAll(() => env?.close());

  const send = (method: string, url: string, headers: Record<string, string>, body?: unknown) =>
    env.send(method, url, headers, body);

  /** A brand's customer with a card account and a checking account linked from a processor token. */
  async function customerWithLink(name = 'Acme') {
    const brand = await env.server.createBrand(name);
    const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
    await send('PUT', `/admin/brands/${brand.brandId}/integrations/plaid`, admin, { enabled: true });
    const customer = await send('POST', '/api/v0.1/customers', brand.headers, ada);
    const customerId = String(customer.body.customer_id);
    const account = await send('POST', '/api/v0.1/accounts', brand.headers, { customer_id: customerId });
    const { processorToken, availableCents } = await mintProcessorToken(env.sandbox.plaid, 'Plaid Checking');
    const linked = await send('POST', '/api/v0.1/accounts/processor_tokens', brand.headers, {
      processor_token: processorToken,
      customer_id: customerId,
    });
    expect(linked.status).toBe(201);
    return {
      headers: brand.headers,
      brandId: brand.brandId,
      card: String(account.body.account_id),
      linked: String(linked.body.linked_account_id),
      liveBalanceCents: availableCents,
    };
  }

  const transfer = (h: Record<string, string>, body: Json, idempotencyKey = key()) =>
    send('POST', '/api/v0.1/transfers', { ...h, 'idempotency-key': idempotencyKey }, body);
  const balances = async (h: Record<string, string>, card: string) => {
    const res = await send('GET', `/api/v0.1/accounts/${card}`, h);
    return { current: res.body.current_balance_cents, available: res.body.available_balance_cents };
  };
  const advance = (h: Record<string, string>) => send('POST', '/api/v0.1/sandbox/ach/advance_day', h);
  const get = async (h: Record<string, string>, id: unknown) =>
    (await send('GET', `/api/v0.1/transfers/${String(id)}`, h)).body;

  async function ledgerBalanced(brandId: string) {
    const check = await env.server.container.transfers.checkLedger({ brandId });
    expect(check).toEqual({ unbalanced: [], drifted: [] });
  }

  it('pushes and pulls through a NACHA file, settles, holds and releases a pull, cancels before the cut-off', async () => {
    const c = await customerWithLink();
    const funded = await send('POST', `/api/v0.1/sandbox/accounts/${c.card}/fund`, c.headers, {
      amount: '10000',
    });
    expect(funded.body).toMatchObject({ current_balance_cents: 10000, available_balance_cents: 10000 });
    const push = await transfer(c.headers, {
      from: c.card,
      to: c.linked,
      amount: 2500,
      currency: 'USD',
      description: 'To savings',
    });
    expect(push.status).toBe(201);
    expect(push.body).toMatchObject({
      direction: 'push',
      status: 'pending',
      amount: '2500',
      decision: { outcome: 'approved' },
    });
    expect(await balances(c.headers, c.card)).toEqual({ current: 10000, available: 7500 });

    const pull = await transfer(c.headers, {
      from: c.linked,
      to: c.card,
      amount: '5000',
      currency: 'USD',
      description: 'Top up',
    });
    expect(pull.body).toMatchObject({ direction: 'pull', status: 'pending', ach: { sec_code: 'WEB' } });
    const checks = (pull.body.decision as { checks: { check: string; result: string }[] }).checks;
    expect(checks.find((x) => x.check === 'balance')?.result).toBe('pass');

    const canceled = await transfer(c.headers, {
      from: c.card,
      to: c.linked,
      amount: 1000,
      currency: 'USD',
      description: 'Oops',
    });
    const cancel = await send(
      'POST',
      `/api/v0.1/transfers/${String(canceled.body.transfer_id)}/cancel`,
      c.headers,
    );
    expect(cancel.body.status).toBe('canceled');
    expect(await balances(c.headers, c.card)).toEqual({ current: 10000, available: 7500 });
    const day1 = await advance(c.headers);
    expect(day1.status).toBe(200);
    expect(day1.body.files_sent).toHaveLength(1);
    expect(await get(c.headers, push.body.transfer_id)).toMatchObject({ status: 'settled' });
    const pulled = await get(c.headers, pull.body.transfer_id);
    expect(pulled).toMatchObject({ status: 'settled', funds_available: false });
    expect(String((pulled.ach as Json).trace_number)).toMatch(/^\d{15}$/);
    // The push left, the pull arrived but is held.
    expect(await balances(c.headers, c.card)).toEqual({ current: 12500, available: 7500 });
    const again = await send(
      'POST',
      `/api/v0.1/transfers/${String(push.body.transfer_id)}/cancel`,
      c.headers,
    );
    expect(again.status).toBe(409);

    await advance(c.headers);
    await advance(c.headers);
    expect(await get(c.headers, pull.body.transfer_id)).toMatchObject({ funds_available: true });
    expect(await balances(c.headers, c.card)).toEqual({ current: 12500, available: 12500 });
    await ledgerBalanced(c.brandId);

    // The files the bank took, read by an independent NACHA parser: the entries, totals and hash.
    const dir = path.join(env.server.container.config.ach.dir, 'outbound', 'processed');
    const traces: string[] = [];
    for (const name of readdirSync(dir)) {
      const theirs = nacha.from(readFileSync(path.join(dir, name), 'latin1')).data;
      for (const batch of theirs.batches) {
        expect(batch.footer).toMatchObject(recompute(batch.entries));
        traces.push(...batch.entries.map((e) => String(e.traceNumber).padStart(15, '0')));
      }
      const all = theirs.batches.flatMap((b) => b.entries);
      expect(theirs.file.footer).toMatchObject(recompute(all));
      expect(readFileSync(path.join(dir, name), 'latin1').split('\n').filter(Boolean).length % 10).toBe(0);
    }
    expect(traces).toContain((pulled.ach as Json).trace_number);
    const pushed = await get(c.headers, push.body.transfer_id);
    expect(traces).toContain((pushed.ach as Json).trace_number);
  });

  it("marks each entry with its owner's SEC code: PPD for a customer's push, WEB for its pull, CCD for a business", async () => {
    const c = await customerWithLink('Sec codes');
    await send('POST', `/api/v0.1/sandbox/accounts/${c.card}/fund`, c.headers, { amount: '1000' });
    const push = { from: c.card, to: c.linked, amount: 100, currency: 'USD', description: 'Payout' };
    expect((await transfer(c.headers, push)).body).toMatchObject({ ach: { sec_code: 'PPD' } });

    const business = await send('POST', '/api/v0.1/businesses', c.headers, {
      legal_business_name: 'Acme Widgets LLC',
      ein: '12-3456789',
    });
    const businessId = String(business.body.business_id);
    const account = await send('POST', '/api/v0.1/accounts', c.headers, { business_id: businessId });
    const card = String(account.body.account_id);
    const { processorToken } = await mintProcessorToken(env.sandbox.plaid, 'Plaid Checking');
    const linked = await send('POST', '/api/v0.1/accounts/processor_tokens', c.headers, {
      processor_token: processorToken,
      business_id: businessId,
    });
    expect(linked.status).toBe(201);
    await send('POST', `/api/v0.1/sandbox/accounts/${card}/fund`, c.headers, { amount: '1000' });
    const toLinked = { ...push, from: card, to: String(linked.body.linked_account_id) };
    const pushed = await transfer(c.headers, toLinked);
    expect(pushed.status).toBe(201);
    expect(pushed.body).toMatchObject({ direction: 'push', ach: { sec_code: 'CCD' } });
    const fromLinked = { ...toLinked, from: toLinked.to, to: card };
    expect((await transfer(c.headers, fromLinked)).body).toMatchObject({ ach: { sec_code: 'CCD' } });
  });

  it('declines a pull the live balance does not cover, and refuses a push the card cannot cover', async () => {
    const c = await customerWithLink();
    const big = await transfer(c.headers, {
      from: c.linked,
      to: c.card,
      amount: c.liveBalanceCents + 1,
      currency: 'USD',
      description: 'Too much',
    });
    expect(big.status).toBe(201);
    expect(big.body).toMatchObject({ status: 'failed', decision: { outcome: 'declined' } });
    const push = await transfer(c.headers, {
      from: c.card,
      to: c.linked,
      amount: 1,
      currency: 'USD',
      description: 'Broke',
    });
    expect(push.status).toBe(422);
    expect(push.body).toMatchObject({ Code: 'insufficient_funds' });
    const list = await send('GET', `/api/v0.1/transfers?account_id=${c.card}`, c.headers);
    expect((list.body.data as Json[]).map((t) => t.status)).toEqual(['failed']);
  });

  it('reverses a returned push and blocks the account after R02', async () => {
    const c = await customerWithLink();
    await send('POST', `/api/v0.1/sandbox/accounts/${c.card}/fund`, c.headers, { amount: 5000 });
    const push = await transfer(c.headers, {
      from: c.card,
      to: c.linked,
      amount: 3000,
      currency: 'USD',
      description: 'Closed',
    });
    const forced = await send(
      'POST',
      `/api/v0.1/sandbox/transfers/${String(push.body.transfer_id)}/force`,
      c.headers,
      {
        return_code: 'R02',
      },
    );
    expect(forced.status).toBe(200);
    await advance(c.headers);
    expect(await balances(c.headers, c.card)).toEqual({ current: 2000, available: 2000 });
    await advance(c.headers);
    const returned = await get(c.headers, push.body.transfer_id);
    expect(returned).toMatchObject({
      status: 'returned',
      return: { code: 'R02', description: 'Account closed' },
    });
    expect(await balances(c.headers, c.card)).toEqual({ current: 5000, available: 5000 });
    const next = await transfer(c.headers, {
      from: c.card,
      to: c.linked,
      amount: 100,
      currency: 'USD',
      description: 'Again',
    });
    expect(next.body).toMatchObject({ status: 'failed', decision: { outcome: 'declined' } });
    expect(String(next.body.failure_reason)).toContain('R02');
    const rates = await send('GET', '/api/v0.1/ach/return_rates', c.headers);
    expect(rates.body).toMatchObject({ debits: 0, overall: { returns: 0 } });
    await ledgerBalanced(c.brandId);
  });

  it('presents a pull returned R01 again at most twice, each entry marked RETRY PYMT', async () => {
    const c = await customerWithLink();
    const pull = { from: c.linked, to: c.card, amount: 3000, currency: 'USD', description: 'Top up' };
    const returnedR01 = async (id: unknown) => {
      await send('POST', `/api/v0.1/sandbox/transfers/${String(id)}/force`, c.headers, {
        return_code: 'R01',
      });
      await advance(c.headers);
      await advance(c.headers);
      expect(await get(c.headers, id)).toMatchObject({ status: 'returned', return: { code: 'R01' } });
    };
    const first = await transfer(c.headers, pull);
    await returnedR01(first.body.transfer_id);
    const represent = (id: unknown) =>
      send('POST', `/api/v0.1/transfers/${String(id)}/represent`, { ...c.headers, 'idempotency-key': key() });
    const second = await represent(first.body.transfer_id);
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({
      representment: 1,
      represents_transfer_id: first.body.transfer_id,
      amount_cents: 3000,
    });
    await returnedR01(second.body.transfer_id);
    const third = await represent(second.body.transfer_id);
    expect(third.body).toMatchObject({ representment: 2, represents_transfer_id: first.body.transfer_id });
    await returnedR01(third.body.transfer_id);
    const fourth = await represent(third.body.transfer_id);
    expect(fourth.status).toBe(409);
    const pending = await represent((await transfer(c.headers, { ...pull, amount: 1 })).body.transfer_id);
    expect(pending.status).toBe(409);
    const rates = await send('GET', '/api/v0.1/ach/return_rates', c.headers);
    expect(rates.body).toMatchObject({
      debits: 3,
      overall: { returns: 3, rate: 1, over_threshold: true },
      administrative: { returns: 0 },
      unauthorized: { returns: 0 },
    });
    const dir = path.join(env.server.container.config.ach.dir, 'outbound', 'processed');
    const retry = readdirSync(dir).filter((name) =>
      readFileSync(path.join(dir, name), 'latin1').includes('RETRY PYMT'),
    );
    expect(retry.length).toBeGreaterThanOrEqual(1);
    await ledgerBalanced(c.brandId);
  });

  it('fails the transfers of a file the bank rejects whole, and lets their funds go', async () => {
    const c = await customerWithLink();
    await send('POST', `/api/v0.1/sandbox/accounts/${c.card}/fund`, c.headers, { amount: 5000 });
    await transfer(c.headers, {
      from: c.card,
      to: c.linked,
      amount: 1000,
      currency: 'USD',
      description: 'First',
    });
    await advance(c.headers);
    // A second file on the same day with the same file ID modifier: the bank refuses the repeat.
    await env.server.container.store.db.updateTable('ach_rail').set({ files_on_day: 0 }).execute();
    const second = await transfer(c.headers, {
      from: c.card,
      to: c.linked,
      amount: 700,
      currency: 'USD',
      description: 'Second',
      speed: 'same_day',
    });
    expect(await balances(c.headers, c.card)).toEqual({ current: 4000, available: 3300 });
    await env.server.container.transfers.tick();
    await advance(c.headers);
    const failed = await get(c.headers, second.body.transfer_id);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(String(failed.failure_reason)).toContain('The bank rejected the file');
    expect(await balances(c.headers, c.card)).toEqual({ current: 4000, available: 4000 });
    await ledgerBalanced(c.brandId);
  });

  it('refuses bad input with a 400 naming the field, and needs an Idempotency-Key', async () => {
    const c = await customerWithLink();
    const base = { from: c.card, to: c.linked, currency: 'USD', description: 'x' };
    for (const [amount, field] of [
      [12.5, 'amount'],
      [0, 'amount'],
      [-5, 'amount'],
      ['1e3', 'amount'],
      [2_500_001, 'amount'],
    ] as const) {
      const res = await transfer(c.headers, { ...base, amount });
      expect(res.status, String(amount)).toBe(400);
      expect(String(res.body.Message)).toContain(field);
    }
    const euro = await transfer(c.headers, { ...base, amount: 5, currency: 'EUR' });
    expect(String(euro.body.Message)).toContain('currency');
    const nokey = await send('POST', '/api/v0.1/transfers', c.headers, { ...base, amount: 5 });
    expect(nokey.status).toBe(400);
    expect(String(nokey.body.Message).toLowerCase()).toContain('idempotency-key');
  });

  it('makes one transfer of 20 identical requests at once', async () => {
    const c = await customerWithLink();
    await send('POST', `/api/v0.1/sandbox/accounts/${c.card}/fund`, c.headers, { amount: 10_000 });
    const body = { from: c.card, to: c.linked, amount: 100, currency: 'USD', description: 'Same' };
    const same = await Promise.all(Array.from({ length: 20 }, () => transfer(c.headers, body, 'one-key')));
    expect(same.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(new Set(same.map((r) => r.body.transfer_id)).size).toBe(1);
    const list = await send('GET', `/api/v0.1/transfers?account_id=${c.card}`, c.headers);
    expect(list.body.data).toHaveLength(1);
    expect(await balances(c.headers, c.card)).toEqual({ current: 10_000, available: 9_900 });
  });

  it('accepts exactly 100 of 1,000 concurrent pushes when the card covers 100', async () => {
    const c = await customerWithLink();
    await send('POST', `/api/v0.1/sandbox/accounts/${c.card}/fund`, c.headers, { amount: 10_000 });
    const body = { from: c.card, to: c.linked, amount: 100, currency: 'USD', description: 'Race' };
    const many = await Promise.all(Array.from({ length: 1000 }, () => transfer(c.headers, body)));
    expect(many.filter((r) => r.status === 201)).toHaveLength(100);
    expect(many.filter((r) => r.status === 422)).toHaveLength(900);
    expect(await balances(c.headers, c.card)).toEqual({ current: 10_000, available: 0 });
    await ledgerBalanced(c.brandId);
  }, 120_000);
});
