import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type DemoBackend, relay } from './demo-hosted.routes.js';

const id = z.string().trim().min(1, 'must not be empty').max(128);
const transferParams = z.object({ transfer_id: id });

/** The return codes the page offers; Linkport's simulated bank knows a few more. */
const DEMO_RETURN_CODES = ['R01', 'R02', 'R03', 'R04', 'R08', 'R10', 'R16', 'R20', 'R29'] as const;

/**
 * The Transfers tab's backend: the demo brand moves money between its customer's card account and a
 * linked account through Linkport's transfers API, and drives Linkport's simulated bank (fund the
 * card, advance a banking day, force a return). The page names the direction; this backend turns it
 * into `from` and `to`. The page makes one Idempotency-Key per click, so a retried request moves the
 * money once.
 */
export function registerDemoTransfers(app: FastifyInstance, backend: DemoBackend): void {
  registerReads(app, backend);
  registerMoves(app, backend);
  registerSimulatedBank(app, backend);
}

/** The card account's balances and its transfers. */
function registerReads(app: FastifyInstance, { linkport, parse }: DemoBackend): void {
  const hide = { schema: { hide: true } };

  // Only the balances: the card account's other fields stay in the backend.
  app.get('/demo/api/transfers/accounts/:account_id', hide, async (request, reply) => {
    const { account_id } = parse(z.object({ account_id: id }), request.params);
    const account = await linkport().GET('/api/v0.1/accounts/{account_id}', {
      params: { path: { account_id } },
    });
    if (!account.data) return relay(reply, account);
    const { current_balance_cents, available_balance_cents } = account.data;
    return { account_id, current_balance_cents, available_balance_cents };
  });

  app.get('/demo/api/transfers', hide, async (request, reply) => {
    const { account_id } = parse(z.object({ account_id: id }), request.query);
    return relay(
      reply,
      await linkport().GET('/api/v0.1/transfers', { params: { query: { account_id, limit: 50 } } }),
    );
  });
}

/** Money in (a pull) or out (a push), and canceling one not yet sent. */
function registerMoves(app: FastifyInstance, { linkport, parse }: DemoBackend): void {
  const hide = { schema: { hide: true } };

  app.post('/demo/api/transfers', hide, async (request, reply) => {
    const body = parse(
      z.object({
        idempotency_key: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 hex digits'),
        direction: z.enum(['push', 'pull']),
        account_id: id,
        linked_account_id: id,
        amount_cents: z.string().regex(/^\d{1,15}$/, 'must be whole cents'),
      }),
      request.body,
    );
    const push = body.direction === 'push';
    return relay(
      reply,
      await linkport().POST('/api/v0.1/transfers', {
        params: { header: { 'idempotency-key': body.idempotency_key } },
        body: {
          from: push ? body.account_id : body.linked_account_id,
          to: push ? body.linked_account_id : body.account_id,
          amount: body.amount_cents,
          currency: 'USD',
          description: push ? 'Demo Brand payout' : 'Demo Brand top-up',
          speed: 'standard',
        },
      }),
    );
  });

  app.post('/demo/api/transfers/:transfer_id/cancel', hide, async (request, reply) => {
    const { transfer_id } = parse(transferParams, request.params);
    return relay(
      reply,
      await linkport().POST('/api/v0.1/transfers/{transfer_id}/cancel', {
        params: { path: { transfer_id } },
      }),
    );
  });
}

/** Sandbox only: Linkport's simulated bank, as the sandbox routes drive it. */
function registerSimulatedBank(app: FastifyInstance, { linkport, parse }: DemoBackend): void {
  const hide = { schema: { hide: true } };

  app.post('/demo/api/transfers/fund', hide, async (request, reply) => {
    const body = parse(
      z.object({ account_id: id, amount_cents: z.string().regex(/^\d{1,15}$/, 'must be whole cents') }),
      request.body,
    );
    return relay(
      reply,
      await linkport().POST('/api/v0.1/sandbox/accounts/{account_id}/fund', {
        params: { path: { account_id: body.account_id } },
        body: { amount: body.amount_cents },
      }),
    );
  });

  app.post('/demo/api/transfers/advance_day', hide, async (_request, reply) =>
    relay(reply, await linkport().POST('/api/v0.1/sandbox/ach/advance_day', {})),
  );

  app.post('/demo/api/transfers/:transfer_id/force', hide, async (request, reply) => {
    const { transfer_id } = parse(transferParams, request.params);
    const { return_code } = parse(z.object({ return_code: z.enum(DEMO_RETURN_CODES) }), request.body);
    return relay(
      reply,
      await linkport().POST('/api/v0.1/sandbox/transfers/{transfer_id}/force', {
        params: { path: { transfer_id } },
        body: { return_code },
      }),
    );
  });
}
