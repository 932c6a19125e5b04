import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransfersModule } from '../src/domain/transfers/transfers.module.js';
import { AppError } from '../src/lib/errors.js';
import { findLedgerTransactions } from '../src/store/ledger.store.js';
import type { TransfersTable } from '../src/store/schema.js';
import { TEST_ADMIN_TOKEN } from './support/app.js';
import { testDatabases } from './support/databases.js';
import { type SandboxedServer, startWithSandbox } from './support/with-sandbox.js';
import { mintProcessorToken } from './support/processor-token.js';

/**
 * Model-based: random sequences of pushes, pulls, cancels, forced returns, fundings and banking
 * days, with the ledger's invariants checked after every step.
 */

type Op =
  | { kind: 'push' | 'pull' | 'fund'; amount: number }
  | { kind: 'cancel' | 'force'; pick: number; code: 'R01' | 'R02' | 'R10' }
  | { kind: 'day' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('push' as const), amount: fc.integer({ min: 1, max: 4000 }) }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('pull' as const), amount: fc.integer({ min: 1, max: 4000 }) }),
    weight: 3,
  },
  {
    arbitrary: fc.record({ kind: fc.constant('fund' as const), amount: fc.integer({ min: 1, max: 5000 }) }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('cancel' as const, 'force' as const),
      pick: fc.nat(),
      code: fc.constantFrom('R01' as const, 'R02' as const, 'R10' as const),
    }),
    weight: 2,
  },
  { arbitrary: fc.constant({ kind: 'day' as const }), weight: 3 },
);

/** What a transfer's ledger transactions must be, by its status (kind:status, sorted). */
function expectedLedger(t: TransfersTable): string[][] {
  const dir = t.direction;
  switch (t.status) {
    case 'pending':
    case 'processing':
      return [[`${dir}:pending`]];
    case 'canceled':
      return [[`${dir}:archived`]];
    case 'failed':
      return [[], [`${dir}:archived`]];
    case 'settled': {
      const base = [`${dir}:posted`, 'settlement:posted'];
      return dir === 'push' ? [base] : [[...base, `hold:${t.funds_available ? 'archived' : 'pending'}`]];
    }
    case 'returned': {
      const base = [`${dir}:posted`, 'settlement:posted', 'return:posted'];
      return dir === 'push' ? [base] : [[...base, 'hold:archived']];
    }
  }
}

describe.each(testDatabases)('the ledger under random transfer sequences on %s', (database) => {
  let env: SandboxedServer;
  beforeAll(async () => {
    env = await startWithSandbox(database);
  }, 60_000);
  afterAll(() => env?.close());

  async function freshCustomer(brand: { brandId: string; headers: Record<string, string> }) {
    const customer = await env.send('POST', '/api/v0.1/customers', brand.headers, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      date_of_birth: '1985-12-10',
    });
    const card = await env.send('POST', '/api/v0.1/accounts', brand.headers, {
      customer_id: customer.body.customer_id,
    });
    const { processorToken } = await mintProcessorToken(env.sandbox.plaid);
    const linked = await env.send('POST', '/api/v0.1/accounts/processor_tokens', brand.headers, {
      processor_token: processorToken,
      customer_id: customer.body.customer_id,
    });
    return { card: String(card.body.account_id), linked: String(linked.body.linked_account_id) };
  }

  async function run(
    transfers: TransfersModule,
    tenant: { brandId: string },
    ids: { card: string; linked: string },
    op: Op,
    made: string[],
  ) {
    const commit = async () => undefined;
    const input = (amount: number, push: boolean) => ({
      from: push ? ids.card : ids.linked,
      to: push ? ids.linked : ids.card,
      amountCents: amount,
      currency: 'USD' as const,
      description: 'model',
      speed: 'standard' as const,
    });
    try {
      if (op.kind === 'push' || op.kind === 'pull')
        made.push((await transfers.create(tenant, input(op.amount, op.kind === 'push'), commit)).id);
      else if (op.kind === 'fund') await transfers.sandbox.fund(tenant, ids.card, op.amount);
      else if (op.kind === 'day') await transfers.sandbox.advanceDay();
      else if ((op.kind === 'cancel' || op.kind === 'force') && made.length > 0) {
        const id = made[op.pick % made.length] as string;
        if (op.kind === 'cancel') await transfers.cancel(tenant, id, commit);
        else await transfers.sandbox.force(tenant, id, op.code);
      }
    } catch (error) {
      // Refusals the API documents; anything else is a failure of the property.
      if (!(error instanceof AppError) || !['insufficient_funds', 'conflict'].includes(error.code))
        throw error;
    }
  }

  async function checkInvariants(
    transfers: TransfersModule,
    tenant: { brandId: string },
    card: string,
    made: string[],
  ) {
    expect(await transfers.checkLedger(tenant)).toEqual({ unbalanced: [], drifted: [] });
    const balance = await transfers.balances(tenant, card);
    expect(balance.availableCents).toBeGreaterThanOrEqual(0);
    for (const id of made) {
      const t = await transfers.get(tenant, id);
      const rows = await findLedgerTransactions(env.server.container.store.db, tenant.brandId, id);
      const actual = rows.map((r) => `${r.kind}:${r.status}`).sort();
      expect(
        expectedLedger(t).map((e) => [...e].sort()),
        `${t.direction} ${t.status}`,
      ).toContainEqual(actual);
    }
  }

  it('keeps every ledger transaction balanced, the cache equal to the entries, available never negative', async () => {
    const brand = await env.server.createBrand('Model');
    const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };
    await env.send('PUT', `/admin/brands/${brand.brandId}/integrations/plaid`, admin, { enabled: true });
    const transfers = env.server.container.transfers;
    const tenant = { brandId: brand.brandId };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 8, maxLength: 30 }), async (ops) => {
        const ids = await freshCustomer(brand);
        const made: string[] = [];
        for (const op of ops) {
          await run(transfers, tenant, ids, op, made);
          await checkInvariants(transfers, tenant, ids.card, made);
        }
      }),
      { numRuns: 20, seed: 20261202 },
    );
  }, 240_000);
});
