import type { PlaidApi } from 'plaid';
import { call } from '../transport.js';
import type { AccountHolder, LiveBalance, ProcessorAccount } from '../types.js';
import { toCents } from './amounts.js';

/** A processor's reads of the account behind a processor token. */
export function processorCalls(api: () => PlaidApi) {
  return {
    /** The account, its institution, and its ACH numbers (/processor/auth/get and /processor/account/get). */
    async readProcessorAccount(processorToken: string): Promise<ProcessorAccount> {
      const client = api();
      const [auth, account] = await Promise.all([
        call(() => client.processorAuthGet({ processor_token: processorToken })),
        call(() => client.processorAccountGet({ processor_token: processorToken })),
      ]);
      const ach = auth.numbers.ach;
      return {
        plaidAccountId: auth.account.account_id,
        name: auth.account.name,
        officialName: auth.account.official_name ?? null,
        mask: auth.account.mask ?? null,
        type: String(auth.account.type),
        subtype: auth.account.subtype === null ? null : String(auth.account.subtype),
        institutionId: account.institution_id,
        ach: ach ? { routingNumber: ach.routing, accountNumber: ach.account } : null,
      };
    },

    /** The account behind the token, without numbers (/processor/account/get): no product needed. */
    async readProcessorAccountRef(
      processorToken: string,
    ): Promise<{ plaidAccountId: string; institutionId: string }> {
      const data = await call(() => api().processorAccountGet({ processor_token: processorToken }));
      return { plaidAccountId: data.account.account_id, institutionId: data.institution_id };
    },

    async readProcessorIdentity(processorToken: string): Promise<AccountHolder[]> {
      const { account } = await call(() => api().processorIdentityGet({ processor_token: processorToken }));
      return account.owners.map((o) => ({
        names: o.names,
        emails: o.emails.map((e) => e.data),
        phones: o.phone_numbers.map((p) => p.data),
        addresses: o.addresses.map((a) => ({
          street: a.data.street ?? null,
          city: a.data.city ?? null,
          region: a.data.region ?? null,
          postal_code: a.data.postal_code ?? null,
        })),
      }));
    },

    /** The live balance (/processor/balance/get): Plaid asks the bank now. */
    async readProcessorBalance(processorToken: string): Promise<LiveBalance> {
      const { account } = await call(() => api().processorBalanceGet({ processor_token: processorToken }));
      return {
        availableCents: toCents(account.balances.available),
        currentCents: toCents(account.balances.current),
        isoCurrencyCode: account.balances.iso_currency_code ?? null,
      };
    },

    async setProcessorWebhook(processorToken: string, url: string): Promise<void> {
      await call(() => api().processorTokenWebhookUpdate({ processor_token: processorToken, webhook: url }));
    },
  };
}
