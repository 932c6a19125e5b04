import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IdempotencyService } from '../../../domain/idempotency/idempotency.service.js';
import type { TransfersModule } from '../../../domain/transfers/transfers.module.js';
import type { TransferRow } from '../../../domain/transfers/views.js';
import { requireTenant } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import { replyIdempotently } from '../../shared/idempotent.js';
import { brandSecurity as security, idempotencyHeaderSchema, idParam } from '../../shared/params.js';
import type { ZodApp } from '../../shared/zod-app.js';
import { presentTransfer } from './transfers.presenters.js';
import {
  createTransferSchema,
  listTransfersQuerySchema,
  returnRatesSchema,
  transferPageSchema,
  transferSchema,
} from './transfers.schemas.js';

const tags = ['Transfers'];
const params = z.object({ transfer_id: idParam });

/** Money moves only once per intent: the key is required here. */
const requiredKeySchema = z.object({
  'idempotency-key': z
    .string({ error: 'the Idempotency-Key header is required: one unique key per transfer you mean to make' })
    .min(1)
    .max(255)
    .describe(
      'Required. A replay with the same key and body answers the first response; another body is a 422.',
    ),
});

function registerCreate(app: ZodApp, transfers: TransfersModule, idempotency: IdempotencyService) {
  app.post(
    '/api/v0.1/transfers',
    {
      schema: {
        tags,
        summary: 'Move money between a card account and a linked account',
        description:
          "A push (from a card account to a linked account) holds the card's available funds at once; one the available balance does not cover is a 422 insufficient_funds and nothing is kept. A pull (from a linked account to a card account) is decided first: the link's login, Plaid's live balance, earlier returns; a refused pull is kept as `failed` with its decision. Accepted transfers go to the bank in the NACHA file of the next ACH window.",
        security,
        headers: requiredKeySchema,
        body: createTransferSchema,
        response: { 201: transferSchema, ...errorResponses(400, 401, 404, 409, 422, 503) },
      },
    },
    async (request, reply) =>
      replyIdempotently<TransferRow>(
        idempotency,
        request,
        reply,
        'POST /api/v0.1/transfers',
        (commit) =>
          transfers.create(
            requireTenant(request),
            {
              from: request.body.from,
              to: request.body.to,
              amountCents: request.body.amount,
              currency: request.body.currency,
              description: request.body.description,
              speed: request.body.speed,
            },
            commit,
          ),
        (row) => ({ status: 201, body: presentTransfer(row) }),
      ),
  );
}

function registerCancel(app: ZodApp, transfers: TransfersModule, idempotency: IdempotencyService) {
  app.post(
    '/api/v0.1/transfers/:transfer_id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a transfer before it is sent',
        description:
          'Only a `pending` transfer (not yet in a file sent to the bank) can be canceled: 409 otherwise. Canceling again answers the canceled transfer.',
        security,
        headers: idempotencyHeaderSchema,
        params,
        response: { 200: transferSchema, ...errorResponses(401, 404, 409) },
      },
    },
    async (request, reply) =>
      replyIdempotently<TransferRow>(
        idempotency,
        request,
        reply,
        `POST /api/v0.1/transfers/${request.params.transfer_id}/cancel`,
        (commit) => transfers.cancel(requireTenant(request), request.params.transfer_id, commit),
        (row) => ({ status: 200, body: presentTransfer(row) }),
      ),
  );
}

function registerRepresent(app: ZodApp, transfers: TransfersModule, idempotency: IdempotencyService) {
  app.post(
    '/api/v0.1/transfers/:transfer_id/represent',
    {
      schema: {
        tags,
        summary: 'Present a pull returned for insufficient funds again',
        description:
          "A pull returned R01 (insufficient funds) or R09 (uncollected funds) may be presented again, at most twice (Nacha's Reinitiation rule): a new transfer of the same amount between the same accounts, decided again, whose entry says RETRY PYMT. 409 for any other transfer, or after two.",
        security,
        headers: requiredKeySchema,
        params,
        response: { 201: transferSchema, ...errorResponses(400, 401, 404, 409, 503) },
      },
    },
    async (request, reply) =>
      replyIdempotently<TransferRow>(
        idempotency,
        request,
        reply,
        `POST /api/v0.1/transfers/${request.params.transfer_id}/represent`,
        (commit) => transfers.represent(requireTenant(request), request.params.transfer_id, commit),
        (row) => ({ status: 201, body: presentTransfer(row) }),
      ),
  );
}

function registerReads(app: ZodApp, transfers: TransfersModule) {
  app.get(
    '/api/v0.1/transfers/:transfer_id',
    {
      schema: {
        tags,
        summary: 'Get a transfer',
        security,
        params,
        response: { 200: transferSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) =>
      presentTransfer(await transfers.get(requireTenant(request), request.params.transfer_id)),
  );
  app.get(
    '/api/v0.1/transfers',
    {
      schema: {
        tags,
        summary: 'List transfers, newest first',
        description:
          'Filter by card account, linked account, status and creation time; page with `starting_after`.',
        security,
        querystring: listTransfersQuerySchema,
        response: { 200: transferPageSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await transfers.list(
        requireTenant(request),
        {
          accountId: q.account_id,
          linkedAccountId: q.linked_account_id,
          status: q.status,
          createdFrom: q.created_from && new Date(q.created_from).toISOString(),
          createdTo: q.created_to && new Date(q.created_to).toISOString(),
        },
        { limit: q.limit, startingAfter: q.starting_after },
      );
      return { data: page.rows.map(presentTransfer), has_more: page.hasMore };
    },
  );
  app.get(
    '/api/v0.1/ach/return_rates',
    {
      schema: {
        tags,
        summary: "The brand's ACH return rates against Nacha's thresholds",
        description:
          'Over the last 60 days of pulls (ACH debits): unauthorised (threshold 0.5 %), administrative (3 %) and overall (15 %) return rates.',
        security,
        response: { 200: returnRatesSchema, ...errorResponses(401) },
      },
    },
    async (request) => transfers.returnRates(requireTenant(request)),
  );
}

/** Transfers: create, read, list, cancel, and the brand's return rates. */
export function transferRoutes(
  transfers: TransfersModule,
  idempotency: IdempotencyService,
): FastifyPluginAsyncZod {
  return async (app) => {
    registerCreate(app, transfers, idempotency);
    registerCancel(app, transfers, idempotency);
    registerRepresent(app, transfers, idempotency);
    registerReads(app, transfers);
  };
}
