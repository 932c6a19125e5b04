import type {
  ProcessorTransactionsGetResponse,
  ProcessorTransactionsSyncResponse,
  TransactionsGetResponse,
  TransactionsSyncResponse,
} from 'plaid';
import { z } from 'zod';
import { accountsForItem } from '../data/accounts.js';
import { defineEndpoint, type SandboxContext } from '../endpoint.js';
import { invalidField } from '../errors.js';
import {
  findAccount,
  presentAccount,
  presentItem,
  requireHealthy,
  requireItem,
  requireTransactions,
  selectAccounts,
} from '../items.js';
import type { ItemRow } from '../state.js';
import { latestChange, listTransactions, presentTransaction, syncChanges } from '../transactions/store.js';
import { readThroughProcessorToken } from '../processor-tokens.js';
import { plaidRequest } from '../validate.js';
import type { ResponseBody } from '../wire.js';

const CURSOR_PREFIX = 'v1:';

function encodeCursor(change: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${change}`).toString('base64url');
}

async function decodeCursor(
  ctx: SandboxContext,
  item: ItemRow,
  cursor: string | null | undefined,
): Promise<number> {
  if (cursor === undefined || cursor === null || cursor === '') return 0;
  if (cursor === 'now') return latestChange(ctx.state.db, item.item_id);
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const change = Number(text.slice(CURSOR_PREFIX.length));
  if (!text.startsWith(CURSOR_PREFIX) || !Number.isSafeInteger(change) || change < 0) {
    throw invalidField('cursor: is not a cursor this endpoint returned');
  }
  return change;
}

const syncOptions = z
  .looseObject({
    include_original_description: z.boolean().optional(),
    days_requested: z.number().int().min(1).max(730).optional(),
  })
  .optional();
const count = z.number().int().min(1).max(500).optional();
const getOptions = z
  .looseObject({
    account_ids: z.array(z.string()).optional(),
    count: count,
    offset: z.number().int().min(0).optional(),
  })
  .optional();
const dateRange = { start_date: z.iso.date(), end_date: z.iso.date() };

async function syncBody(
  ctx: SandboxContext,
  item: ItemRow,
  cursor: string | null | undefined,
  pageSize: number,
  accountId?: string,
) {
  const after = await decodeCursor(ctx, item, cursor);
  const page = await syncChanges(ctx.state.db, item.item_id, after, pageSize, accountId);
  return {
    transactions_update_status: 'HISTORICAL_UPDATE_COMPLETE' as const,
    added: page.added.map(presentTransaction),
    modified: page.modified.map(presentTransaction),
    removed: page.removed.map((r) => ({ transaction_id: r.transaction_id, account_id: r.account_id })),
    next_cursor: encodeCursor(page.nextChange),
    has_more: page.hasMore,
  };
}

function checkRange(start: string, end: string): void {
  if (start > end) throw invalidField('start_date: must not be after end_date');
}

async function processorItem(ctx: SandboxContext, token: string) {
  const { row, item } = await readThroughProcessorToken(ctx, token, 'transactions');
  requireTransactions(item);
  return { item, account: findAccount(item, row.account_id) };
}

export const transactionEndpoints = [
  defineEndpoint(
    '/transactions/sync',
    plaidRequest({ access_token: z.string(), cursor: z.string().nullish(), count, options: syncOptions }),
    async (request, ctx) => {
      const item = await requireItem(ctx, request.access_token);
      requireHealthy(item);
      requireTransactions(item);
      const body = await syncBody(ctx, item, request.cursor, request.count ?? 100);
      const accounts = accountsForItem(item).map(presentAccount);
      return { ...body, accounts } satisfies ResponseBody<TransactionsSyncResponse>;
    },
  ),

  defineEndpoint(
    '/transactions/get',
    plaidRequest({ access_token: z.string(), ...dateRange, options: getOptions }),
    async (request, ctx) => {
      const item = await requireItem(ctx, request.access_token);
      requireHealthy(item);
      requireTransactions(item);
      checkRange(request.start_date, request.end_date);
      const accounts = selectAccounts(item, request.options?.account_ids);
      const { rows, total } = await listTransactions(ctx.state.db, {
        itemId: item.item_id,
        accountIds: request.options?.account_ids,
        startDate: request.start_date,
        endDate: request.end_date,
        count: request.options?.count ?? 100,
        offset: request.options?.offset ?? 0,
      });
      return {
        accounts: accounts.map(presentAccount),
        transactions: rows.map(presentTransaction),
        total_transactions: total,
        item: presentItem(item),
      } satisfies ResponseBody<TransactionsGetResponse>;
    },
  ),

  defineEndpoint(
    '/processor/transactions/sync',
    plaidRequest({ processor_token: z.string(), cursor: z.string().nullish(), count, options: syncOptions }),
    async (request, ctx) => {
      const { item, account } = await processorItem(ctx, request.processor_token);
      const body = await syncBody(ctx, item, request.cursor, request.count ?? 100, account.account_id);
      return {
        ...body,
        account: presentAccount(account),
      } satisfies ResponseBody<ProcessorTransactionsSyncResponse>;
    },
  ),

  defineEndpoint(
    '/processor/transactions/get',
    plaidRequest({ processor_token: z.string(), ...dateRange, options: getOptions }),
    async (request, ctx) => {
      const { item, account } = await processorItem(ctx, request.processor_token);
      checkRange(request.start_date, request.end_date);
      const { rows, total } = await listTransactions(ctx.state.db, {
        itemId: item.item_id,
        accountIds: [account.account_id],
        startDate: request.start_date,
        endDate: request.end_date,
        count: request.options?.count ?? 100,
        offset: request.options?.offset ?? 0,
      });
      return {
        account: presentAccount(account),
        transactions: rows.map(presentTransaction),
        total_transactions: total,
      } satisfies ResponseBody<ProcessorTransactionsGetResponse>;
    },
  ),
];
