import type { AccountBase, PlaidApi } from 'plaid';
import { call } from '../transport.js';
import type { ItemAccount, ItemAccountWithNumbers, ItemState, LiveBalance } from '../types.js';
import { toCents } from './amounts.js';

function toItemAccount(account: AccountBase): ItemAccount {
  return {
    plaidAccountId: account.account_id,
    name: account.name,
    mask: account.mask,
    type: account.type,
    subtype: account.subtype,
  };
}

/** The Items Linkport holds, through their access tokens. */
export function itemCalls(api: () => PlaidApi) {
  return {
    async exchangePublicToken(publicToken: string): Promise<{ accessToken: string; itemId: string }> {
      const data = await call(() => api().itemPublicTokenExchange({ public_token: publicToken }));
      return { accessToken: data.access_token, itemId: data.item_id };
    },

    async readItem(accessToken: string): Promise<ItemState> {
      const { item } = await call(() => api().itemGet({ access_token: accessToken }));
      return {
        itemId: item.item_id,
        institutionId: item.institution_id ?? null,
        webhook: item.webhook ?? null,
        errorCode: item.error?.error_code ?? null,
        products: (item.products ?? item.billed_products).map(String),
      };
    },

    async readItemAccounts(accessToken: string): Promise<ItemAccount[]> {
      const { accounts } = await call(() => api().accountsGet({ access_token: accessToken }));
      return accounts.map(toItemAccount);
    },

    /** The accounts' ACH numbers (/auth/get narrowed to `accountIds`); accounts without any are left out. */
    async readItemNumbers(accessToken: string, accountIds: string[]): Promise<ItemAccountWithNumbers[]> {
      const { accounts, numbers } = await call(() =>
        api().authGet({ access_token: accessToken, options: { account_ids: accountIds } }),
      );
      const byAccount = new Map(numbers.ach.map((n) => [n.account_id, n]));
      return accounts.flatMap((account) => {
        const ach = byAccount.get(account.account_id);
        if (!ach) return [];
        return [
          { ...toItemAccount(account), ach: { routingNumber: ach.routing, accountNumber: ach.account } },
        ];
      });
    },

    /** One account's live balance (/accounts/balance/get): Plaid asks the bank now. */
    async readItemBalance(accessToken: string, accountId: string): Promise<LiveBalance> {
      const { accounts } = await call(() =>
        api().accountsBalanceGet({ access_token: accessToken, options: { account_ids: [accountId] } }),
      );
      const balances = accounts[0]?.balances;
      return {
        availableCents: toCents(balances?.available),
        currentCents: toCents(balances?.current),
        isoCurrencyCode: balances?.iso_currency_code ?? null,
      };
    },

    async setItemWebhook(accessToken: string, url: string): Promise<void> {
      await call(() => api().itemWebhookUpdate({ access_token: accessToken, webhook: url }));
    },

    async removeItem(accessToken: string): Promise<void> {
      await call(() => api().itemRemove({ access_token: accessToken }));
    },
  };
}
