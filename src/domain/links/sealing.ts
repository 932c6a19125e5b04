import type { Keyring } from '../../lib/crypto.js';
import type { PlaidItemsTable } from '../../store/schema.js';
import type { SealedValue } from './links.types.js';

/**
 * Secrets at rest: each value is sealed bound to its brand, its row and its column, so a ciphertext
 * copied to another row or brand does not open.
 */
export function rowCipher(keyring: Keyring, brandId: string, rowId: string) {
  return {
    seal: (column: string, value: string) => keyring.encrypt(value, { brandId, rowId, column }),
    open: (column: string, value: string) => keyring.decrypt(value, { brandId, rowId, column }),
    /** The sealed value as a handle that opens only when asked. */
    sealed: (column: string, value: string): SealedValue => ({
      open: () => keyring.decrypt(value, { brandId, rowId, column }),
    }),
  };
}

type ItemKey = Pick<PlaidItemsTable, 'brand_id' | 'id'>;

/** A held Item's access token is sealed bound to its brand, its row and the column. */
export const sealAccessToken = (keyring: Keyring, item: ItemKey, token: string) =>
  rowCipher(keyring, item.brand_id, item.id).seal('access_token', token);

export const openAccessToken = (
  keyring: Keyring,
  item: ItemKey & Pick<PlaidItemsTable, 'access_token_enc'>,
) => rowCipher(keyring, item.brand_id, item.id).open('access_token', item.access_token_enc);
