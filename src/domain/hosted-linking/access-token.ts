import type { Keyring } from '../../lib/crypto.js';
import type { PlaidItemsTable } from '../../store/schema.js';

/** A held Item's access token is sealed bound to its brand, its row and the column. */
const accessTokenContext = (item: Pick<PlaidItemsTable, 'brand_id' | 'id'>) => ({
  brandId: item.brand_id,
  rowId: item.id,
  column: 'access_token',
});

export const sealAccessToken = (
  keyring: Keyring,
  item: Pick<PlaidItemsTable, 'brand_id' | 'id'>,
  token: string,
) => keyring.encrypt(token, accessTokenContext(item));

export const openAccessToken = (keyring: Keyring, item: PlaidItemsTable) =>
  keyring.decrypt(item.access_token_enc, accessTokenContext(item));
