import { type PlaidApi, Products } from 'plaid';

/**
 * What a brand does before it calls Linkport: an Item with `auth` at the sandbox's First Platypus
 * Bank (or with the products given), and a processor token for Linkport on one of its accounts (the
 * named one, else the first).
 */
export async function mintProcessorToken(
  plaid: PlaidApi,
  accountName?: string,
  products: Products[] = [Products.Auth],
): Promise<{ processorToken: string; availableCents: number }> {
  const { data: created } = await plaid.sandboxPublicTokenCreate({
    institution_id: 'ins_109508',
    initial_products: products,
  });
  const { data: item } = await plaid.itemPublicTokenExchange({ public_token: created.public_token });
  const { data: accounts } = await plaid.accountsGet({ access_token: item.access_token });
  const account = accounts.accounts.find((a) => accountName === undefined || a.name === accountName);
  const { data: token } = await plaid.processorTokenCreate({
    access_token: item.access_token,
    account_id: account?.account_id ?? '',
    processor: 'linkport' as never,
  });
  return {
    processorToken: token.processor_token,
    availableCents: Math.round((account?.balances.available ?? 0) * 100),
  };
}
