import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TransfersModule } from '../../../domain/transfers/transfers.module.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { brandSecurity as security, idParam } from '../../shared/params.js';
import type { ZodApp } from '../../shared/zod-app.js';
import { presentTransfer } from './transfers.presenters.js';
import { amountSchema, transferSchema } from './transfers.schemas.js';

const tags = ['Sandbox: ACH'];

const railReportSchema = z
  .object({
    rail_time: z
      .string()
      .describe("The rail's time after the advance (the wall clock plus every day advanced)."),
    files_sent: z.array(z.string()),
    bank_files_read: z.array(z.string()),
    transfers_settled: z.number().int(),
    holds_released: z.number().int(),
  })
  .meta({ id: 'SandboxRailReport' });

const balanceSchema = z
  .object({
    account_id: z.string(),
    current_balance_cents: z.number().int(),
    available_balance_cents: z.number().int(),
  })
  .meta({ id: 'SandboxFundedAccount' });

/**
 * The simulated bank's controls (only with LINKPORT_ACH_BANK=simulated, the default): put money on a
 * card account, move the rail to the next banking day, decide a transfer's fate at the bank.
 */
export function sandboxAchRoutes(transfers: TransfersModule): FastifyPluginAsyncZod {
  return async (app) => {
    registerFund(app, transfers);
    registerAdvance(app, transfers);
    registerForce(app, transfers);
  };
}

function registerFund(app: ZodApp, transfers: TransfersModule) {
  app.post(
    '/api/v0.1/sandbox/accounts/:account_id/fund',
    {
      schema: {
        tags,
        summary: 'Put money on a card account (sandbox)',
        security,
        params: z.object({ account_id: idParam }),
        body: z.strictObject({ amount: amountSchema }),
        response: { 200: balanceSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const balance = await transfers.sandbox.fund(
        requireTenant(request),
        request.params.account_id,
        request.body.amount,
      );
      return {
        account_id: request.params.account_id,
        current_balance_cents: balance.currentCents,
        available_balance_cents: balance.availableCents,
      };
    },
  );
}

function registerAdvance(app: ZodApp, transfers: TransfersModule) {
  app.post(
    '/api/v0.1/sandbox/ach/advance_day',
    {
      schema: {
        tags,
        summary: 'Advance the ACH rail to the next banking day (sandbox)',
        description:
          'Moves the rail to 09:00 Eastern on the next banking day and runs it: files due are sent, the simulated bank settles and answers, returns are read, holds that ended are released. Shared by every brand of this Linkport.',
        security,
        response: { 200: railReportSchema, ...errorResponses(401, 409) },
      },
    },
    async () => {
      const report = await transfers.sandbox.advanceDay();
      return {
        rail_time: report.at,
        files_sent: report.sent,
        bank_files_read: report.read,
        transfers_settled: report.settled,
        holds_released: report.released,
      };
    },
  );
}

function registerForce(app: ZodApp, transfers: TransfersModule) {
  app.post(
    '/api/v0.1/sandbox/transfers/:transfer_id/force',
    {
      schema: {
        tags,
        summary: "Decide a transfer's outcome at the simulated bank (sandbox)",
        description:
          'A return code (R01, R02, R03, R04, R07, R08, R09, R10, R15, R16, R20, R29) makes the bank return the entry one banking day after settlement; null makes it settle. Takes effect when the bank next looks at its files.',
        security,
        params: z.object({ transfer_id: idParam }),
        body: z.strictObject({
          return_code: z
            .string()
            .regex(/^R\d\d$/, 'must be an ACH return code such as R01')
            .nullable(),
        }),
        response: { 200: transferSchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) =>
      presentTransfer(
        await transfers.sandbox.force(
          requireTenant(request),
          request.params.transfer_id,
          request.body.return_code,
        ),
      ),
  );
}
