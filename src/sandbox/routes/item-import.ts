import type { ItemImportResponse } from 'plaid';
import { z } from 'zod';
import { defineEndpoint } from '../endpoint.js';
import { newPlaidId } from '../ids.js';
import { requireInstitution, requireServedProducts, requireSupportedProducts } from '../items.js';
import { checkSandboxLogin, createItemWithPublicToken, DEFAULT_DAYS_REQUESTED } from '../item-creation.js';
import { plaidRequest, product, webhookUrl } from '../validate.js';
import type { ResponseBody } from '../wire.js';

/** Plaid Exchange imports into the client's own institution; the sandbox has one default bank. */
const DEFAULT_IMPORT_INSTITUTION = 'ins_109508';

const importRequest = plaidRequest({
  institution_id: z.string().optional(),
  products: z.array(product).min(1, 'must list at least one product'),
  user_auth: z.strictObject({ user_id: z.string(), auth_token: z.string().optional() }),
  options: z.strictObject({ webhook: webhookUrl.optional() }).optional(),
});

export const itemImportEndpoints = [
  defineEndpoint('/item/import', importRequest, async (request, ctx) => {
    requireServedProducts(request.products);
    const institution = requireInstitution(request.institution_id ?? DEFAULT_IMPORT_INSTITUTION);
    requireSupportedProducts(institution, request.products);
    // The user's credentials at the institution are the sandbox's test users (user_good / pass_good).
    const username = request.user_auth.user_id;
    const { customConfig } = checkSandboxLogin(username, request.user_auth.auth_token ?? '');
    const itemId = newPlaidId();
    const now = ctx.now.toISOString();
    await createItemWithPublicToken(
      ctx,
      {
        itemId,
        institution,
        username,
        products: request.products,
        webhook: request.options?.webhook ?? null,
        daysRequested: DEFAULT_DAYS_REQUESTED,
        customConfig,
        accountIds: null,
      },
      // No Link and no exchange here: the Item's public token is spent as it is made.
      async (tx, publicToken) => {
        await tx
          .updateTable('sandbox_public_tokens')
          .set({ exchanged_at: now })
          .where('public_token', '=', publicToken)
          .execute();
      },
    );
    const { access_token } = await ctx.state.db
      .selectFrom('sandbox_items')
      .select('access_token')
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    return { access_token } satisfies ResponseBody<ItemImportResponse>;
  }),
];
