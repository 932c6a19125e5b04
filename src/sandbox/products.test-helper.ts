import { Products } from 'plaid';
import type { SandboxHarness } from './sandbox.test-helper.js';

/** Plaid's own client suite links every test Item with these products at First Platypus Bank. */
export const PLAID_SUITE_PRODUCTS = [
  Products.Transactions,
  Products.Auth,
  Products.Assets,
  Products.Investments,
];

/** An access token for a new First Platypus Bank Item, linked the way a brand's tests do it. */
export async function linkItem(
  sandbox: SandboxHarness,
  options: { products?: Products[]; username?: string; password?: string; webhook?: string } = {},
): Promise<string> {
  const { data } = await sandbox.plaid.sandboxPublicTokenCreate({
    institution_id: 'ins_109508',
    initial_products: options.products ?? PLAID_SUITE_PRODUCTS,
    options: {
      ...(options.username
        ? { override_username: options.username, override_password: options.password ?? 'pass_good' }
        : {}),
      ...(options.webhook ? { webhook: options.webhook } : {}),
    },
  });
  return (await sandbox.plaid.itemPublicTokenExchange({ public_token: data.public_token })).data.access_token;
}
