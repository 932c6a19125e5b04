import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContainer } from '../../../../test/support/app.js';
import { testDatabases } from '../../../../test/support/databases.js';
import type { Container } from '../../../container.js';
import { newId } from '../../../lib/ids.js';
import { listItemAccounts } from '../../../store/linked-accounts.store.js';
import { findItemById, insertItem } from '../../../store/plaid-items.store.js';
import type { PlaidItemsTable } from '../../../store/schema.js';
import { applyAccountPlan } from './item-accounts.js';
import { applyItemChange, applyItemWebhook, loginChange } from './item-health.js';

describe.each(testDatabases)('item health on $name', (database) => {
  let container: Container;
  let item: PlaidItemsTable;

  beforeEach(async () => {
    container = await createTestContainer(database);
    const { brand } = await container.brands.create({ name: 'Acme' });
    const tenant = { brandId: brand.id };
    const profile = await container.owners.create(tenant, {
      kind: 'profile',
      data: { first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1985-12-10' },
    });
    const now = container.clock.now().toISOString();
    item = {
      id: newId(),
      brand_id: brand.id,
      owner_id: profile.id,
      plaid_item_id: `item-${newId()}`,
      institution_id: 'ins_109508',
      institution_name: 'First Platypus Bank',
      access_token_enc: 'sealed',
      status: 'active',
      is_login_required: 0,
      new_accounts_available: 0,
      created_at: now,
      updated_at: now,
      removed_at: null,
    };
    await insertItem(container.store.db, item);
  });
  afterEach(() => container?.close());

  const events = async () =>
    (
      await container.store.db
        .selectFrom('events')
        .select('type')
        .where('brand_id', '=', item.brand_id)
        .orderBy('id')
        .execute()
    ).map((e) => e.type);

  it('moves the login flag once when the same change races', async () => {
    const { db } = container.store;
    const results = await Promise.all([
      applyItemChange(db, container.clock, item, 'login_required', 'webhook'),
      applyItemChange(db, container.clock, item, 'login_required', 'item_get'),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await events()).toEqual(['item.login_required']);
    expect((await findItemById(db, item.brand_id, item.id))?.is_login_required).toBe(1);
  });

  it('ignores repeats, webhooks it does not act on, and Items it does not hold', async () => {
    const { db } = container.store;
    const webhook = (code: string, extra: object = {}) =>
      applyItemWebhook(db, container.clock, {
        webhook_type: 'ITEM',
        webhook_code: code,
        item_id: item.plaid_item_id,
        ...extra,
      });
    expect(await webhook('LOGIN_REPAIRED')).toBe(0);
    expect(await webhook('ERROR', { error: { error_code: 'INSTITUTION_DOWN' } })).toBe(0);
    expect(loginChange('INSTITUTION_DOWN')).toBeNull();
    expect(loginChange('ITEM_LOCKED')).toBe('login_required');
    expect(await webhook('ERROR', { error: { error_code: 'ITEM_LOGIN_REQUIRED' } })).toBe(1);
    expect(await webhook('ERROR', { error: { error_code: 'ITEM_LOGIN_REQUIRED' } })).toBe(0);
    expect(
      await applyItemWebhook(db, container.clock, {
        webhook_type: 'ITEM',
        webhook_code: 'LOGIN_REPAIRED',
        item_id: 'other',
      }),
    ).toBe(0);
    expect(await webhook('USER_PERMISSION_REVOKED')).toBe(1);
    // A revoked Item stays revoked: a later repair or flag changes nothing.
    expect(await webhook('LOGIN_REPAIRED')).toBe(0);
    expect(await webhook('NEW_ACCOUNTS_AVAILABLE')).toBe(0);
    expect(await events()).toEqual(['item.login_required', 'item.revoked']);
  });

  it("opens new accounts with the Item's login state as it is when they are written, not as last read", async () => {
    const { db } = container.store;
    // Read while the login was broken; repaired (by a webhook, say) before the accounts are written.
    const stale = { ...item, is_login_required: 1 };
    const account = {
      plaidAccountId: 'acc-1',
      name: 'Plaid Checking',
      mask: '0000',
      type: 'depository',
      subtype: 'checking',
      ach: { routingNumber: '011401533', accountNumber: '1111222233330000' },
    };
    await applyAccountPlan(db, container.keyring, container.clock, {
      item: stale,
      plan: { reopen: [], close: [], add: [{ account, fingerprint: 'fp-1' }] },
      cardAccountId: null,
      newItem: false,
    });
    const [row] = await listItemAccounts(db, item.brand_id, [item.id]);
    expect(row?.status).toBe('active');

    // A plan made before its account was removed elsewhere may not leave the Item with none.
    await expect(
      applyAccountPlan(db, container.keyring, container.clock, {
        item,
        plan: { reopen: [], close: row ? [row] : [], add: [] },
        cardAccountId: null,
        newItem: false,
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await listItemAccounts(db, item.brand_id, [item.id]))[0]?.status).toBe('active');
  });
});
