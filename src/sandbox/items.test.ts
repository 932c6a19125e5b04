import { describe, expect, it } from 'vitest';
import { accountsForItem } from './data/accounts.js';
import { accountsJson, itemJson, presentItem } from './items.js';
import { accountsGetShape } from './routes/items.js';
import type { ItemRow } from './state.js';

const item: ItemRow = {
  item_id: 'itemAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  client_id: 'client',
  access_token: 'access-sandbox-00000000-0000-4000-8000-000000000000',
  institution_id: 'ins_109508',
  username: 'user_good',
  products: '["auth"]',
  webhook: null,
  login_required: 0,
  days_requested: 90,
  created_at: '2026-01-01T00:00:00.000Z',
  removed_at: null,
  custom_config: null,
  account_ids: null,
  transactions_updated_at: null,
};

describe('accountsJson', () => {
  it('serialises the same accounts /accounts/get presents, and keeps the text per frozen list', () => {
    const accounts = accountsForItem(item);
    const json = accountsJson(accounts);
    expect(JSON.parse(json)).toEqual(accountsGetShape(accounts, item).accounts);
    expect(accountsJson(accountsForItem(item))).toBe(json);
    // A narrowed (unfrozen) list is serialised afresh.
    const first = accounts.slice(0, 1);
    expect(JSON.parse(accountsJson(first))).toEqual(accountsGetShape(first, item).accounts);
  });

  it('serialises the Item as presentItem does, for frozen (cached) rows and fresh ones alike', () => {
    const frozen = Object.freeze({ ...item });
    expect(JSON.parse(itemJson(frozen))).toEqual(presentItem(frozen));
    expect(JSON.parse(itemJson({ ...item, login_required: 1 }))).toMatchObject({
      error: { error_code: 'ITEM_LOGIN_REQUIRED' },
    });
  });
});
