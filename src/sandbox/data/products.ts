/**
 * The Plaid products this local sandbox serves: each has its endpoints here. A product Plaid
 * offers but the sandbox does not serve is refused where an Item would take it on (link tokens,
 * sandbox public tokens), with Plaid's own `INVALID_PRODUCT`, rather than accepted and billed on an
 * Item whose endpoints would then not exist.
 */
export const SERVED_PRODUCTS: ReadonlySet<string> = new Set([
  'auth',
  'balance',
  'identity',
  'identity_match',
  'transactions',
  'transactions_refresh',
  'recurring_transactions',
  'processor_payments',
  'processor_identity',
  'signal',
  'investments',
  'investments_auth',
  'liabilities',
  'assets',
]);

export function unservedProducts(products: readonly string[]): string[] {
  return [...new Set(products.filter((p) => !SERVED_PRODUCTS.has(p)))];
}

/** What the refusal says after Plaid's own message: the local sandbox, not the client, is the limit. */
export function unservedNote(products: readonly string[]): string {
  const what = products.length === 1 ? 'this product' : 'these products';
  return `. The local Linkport sandbox does not serve ${what}; it serves ${[...SERVED_PRODUCTS].join(', ')}`;
}
