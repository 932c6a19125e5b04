import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdminTokens } from '../../../domain/access/admin-tokens.js';
import type { TransfersModule } from '../../../domain/transfers/transfers.module.js';
import { adminAuth, requireOperator } from '../../plugins/auth.js';
import { errorResponses } from '../../plugins/errors.js';
import type { ZodApp } from '../../shared/zod-app.js';

const tags = ['Admin'];
const security = [{ AdminToken: [] }];
const params = z.object({ brand_id: z.string().min(1).max(64) });

function registerTransferLimit(app: ZodApp, transfers: TransfersModule) {
  app.put(
    '/admin/brands/:brand_id/transfer-limit',
    {
      schema: {
        tags,
        summary: "Set the brand's largest transfer",
        description:
          'In integer cents; null goes back to the default (LINKPORT_TRANSFER_LIMIT_CENTS). A larger transfer is a 400 naming `amount`.',
        security,
        params,
        body: z.strictObject({ limit_cents: z.number().int().positive().max(99_999_999_99).nullable() }),
        response: {
          200: z.object({ brand_id: z.string(), limit_cents: z.number().int(), is_default: z.boolean() }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => {
      const limit = await transfers.setLimit(
        request.params.brand_id,
        request.body.limit_cents,
        requireOperator(request),
      );
      return {
        brand_id: request.params.brand_id,
        limit_cents: limit.limitCents,
        is_default: limit.isDefault,
      };
    },
  );
}

function registerLedgerCheck(app: ZodApp, transfers: TransfersModule) {
  app.get(
    '/admin/brands/:brand_id/ledger/check',
    {
      schema: {
        tags,
        summary: "Check the brand's ledger against its entries",
        description:
          'Recomputes every balance from the ledger entries: `unbalanced` lists ledger transactions whose debits and credits differ, `drifted` the accounts whose cached sums differ from their entries. Both empty means the books agree.',
        security,
        params,
        response: {
          200: z.object({
            brand_id: z.string(),
            balanced: z.boolean(),
            unbalanced: z.array(z.string()),
            drifted: z.array(z.string()),
          }),
          ...errorResponses(401),
        },
      },
    },
    async (request) => {
      const check = await transfers.checkLedger({ brandId: request.params.brand_id });
      const balanced = check.unbalanced.length === 0 && check.drifted.length === 0;
      return { brand_id: request.params.brand_id, balanced, ...check };
    },
  );
}

/** The operator's money routes: a brand's transfer limit, and the ledger's self-check. */
export function adminMoneyRoutes(
  transfers: TransfersModule,
  adminTokens: AdminTokens,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('onRequest', adminAuth(adminTokens));
    registerTransferLimit(app, transfers);
    registerLedgerCheck(app, transfers);
  };
}
