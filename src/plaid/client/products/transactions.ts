import type { PlaidApi } from 'plaid';
import { call } from '../transport.js';
import type { TransactionsPage } from '../types.js';

/** Plaid's most per page of /transactions/sync. */
export const SYNC_PAGE_SIZE = 500;

export function transactionCalls(api: () => PlaidApi) {
  return {
    /**
     * One page of the account's transactions after `cursor` (`/processor/transactions/sync`; no
     * cursor: from the beginning). Plaid's Transaction objects are passed on as they are.
     */
    async syncProcessorTransactions(
      processorToken: string,
      cursor: string | null,
    ): Promise<TransactionsPage> {
      const data = await call(() =>
        api().processorTransactionsSync({
          processor_token: processorToken,
          count: SYNC_PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        }),
      );
      return {
        added: data.added,
        modified: data.modified,
        removedIds: data.removed.map((r) => r.transaction_id),
        nextCursor: data.next_cursor,
        hasMore: data.has_more,
      };
    },
  };
}
