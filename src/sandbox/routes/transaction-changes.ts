// Endpoints that change an Item's transactions: refresh and scripted transactions.
import type { SandboxTransactionsCreateResponse, TransactionsRefreshResponse } from 'plaid';
import { z } from 'zod';
import { accountsForItem } from '../data/accounts.js';
import { scriptedTransaction } from '../data/custom-user.js';
import { defineEndpoint, type SandboxContext } from '../endpoint.js';
import { invalidField } from '../errors.js';
import { derivedPlaidId } from '../ids.js';
import { requireHealthy, requireItem, requireTransactions } from '../items.js';
import type { ItemRow, SandboxDb } from '../state.js';
import { addDays, isoDate } from '../transactions/calendar.js';
import { generateDaySpending } from '../transactions/generate.js';
import type { GeneratedTransaction } from '../transactions/generated.js';
import { applyChanges, latestChange, type NewTransaction, pendingBefore } from '../transactions/store.js';
import { readThroughProcessorToken } from '../processor-tokens.js';
import { plaidRequest } from '../validate.js';
import { enqueueItemWebhook } from '../webhooks.js';
import type { ResponseBody } from '../wire.js';

/**
 * /transactions/refresh: a `user_transactions_dynamic` Item posts what was pending and gains the
 * day's spending; other sandbox users' histories never change (as at Plaid).
 */
async function refresh(ctx: SandboxContext, item: ItemRow): Promise<void> {
  if (item.username !== 'user_transactions_dynamic') return markUpdated(ctx.state.db, item, ctx.now);
  const today = isoDate(ctx.now);
  const accounts = accountsForItem(item);
  await ctx.state.db.transaction().execute(async (tx) => {
    const posted = await pendingBefore(tx, item.item_id, addDays(today, -1));
    const seed = `${item.item_id}:refresh:${await latestChange(tx, item.item_id)}`;
    const add: NewTransaction[] = [
      ...posted.map((row) => {
        const body = JSON.parse(row.body) as GeneratedTransaction;
        return {
          pending: false,
          generated: {
            ...body,
            transaction_id: derivedPlaidId(`${row.transaction_id}:posted`),
            pending_transaction_id: row.transaction_id,
          },
        };
      }),
      ...generateDaySpending({ seed, itemId: item.item_id, accounts, date: today }).map((generated) => ({
        generated,
        pending: true,
      })),
    ];
    const changed = await applyChanges(tx, item.item_id, {
      remove: posted.map((r) => r.transaction_id),
      add,
    });
    if (changed > 0) await notifySync(tx, ctx.now, item);
    await markUpdated(tx, item, ctx.now);
  });
}

/** The Item's transactions are up to date as of now (`/item/get`'s `status.transactions`). */
async function markUpdated(db: SandboxDb, item: ItemRow, now: Date): Promise<void> {
  await db
    .updateTable('sandbox_items')
    .set({ transactions_updated_at: now.toISOString() })
    .where('item_id', '=', item.item_id)
    .execute();
}

/** To the Item's webhook, and (naming the account) to each of its processor tokens' webhooks. */
function notifySync(db: SandboxContext['state']['db'], now: Date, item: ItemRow) {
  return enqueueItemWebhook(db, now, item, {
    webhook_type: 'TRANSACTIONS',
    webhook_code: 'SYNC_UPDATES_AVAILABLE',
    initial_update_complete: true,
    historical_update_complete: true,
  });
}

const customTransaction = z.strictObject({
  date_transacted: z.iso.date(),
  date_posted: z.iso.date(),
  amount: z.number(),
  description: z.string().min(1),
  iso_currency_code: z.string().optional(),
});

export const transactionChangeEndpoints = [
  defineEndpoint(
    '/transactions/refresh',
    plaidRequest({ access_token: z.string() }),
    async (request, ctx) => {
      const item = await requireItem(ctx, request.access_token);
      requireHealthy(item);
      requireTransactions(item);
      await refresh(ctx, item);
      return {} satisfies ResponseBody<TransactionsRefreshResponse>;
    },
  ),

  defineEndpoint(
    '/processor/transactions/refresh',
    plaidRequest({ processor_token: z.string() }),
    async (request, ctx) => {
      const { item } = await readThroughProcessorToken(ctx, request.processor_token, 'transactions');
      requireTransactions(item);
      await refresh(ctx, item);
      return {};
    },
  ),

  defineEndpoint(
    '/sandbox/transactions/create',
    plaidRequest({ access_token: z.string(), transactions: z.array(customTransaction).min(1) }),
    async (request, ctx) => {
      const item = await requireItem(ctx, request.access_token);
      requireTransactions(item);
      if (item.username !== 'user_transactions_dynamic') {
        throw invalidField(
          'access_token: custom transactions need an Item linked as user_transactions_dynamic',
        );
      }
      if (request.transactions.length > 10) throw invalidField('The request contains too many transactions.');
      const today = isoDate(ctx.now);
      const earliest = addDays(today, -14);
      const badDates = request.transactions.some(
        (t) => t.date_transacted < earliest || t.date_posted > today || t.date_posted < t.date_transacted,
      );
      if (badDates) {
        throw invalidField(
          'Transaction and posted dates must be within the last 14 days. The posted date cannot be before the transaction date.',
        );
      }
      const account = accountsForItem(item)[0];
      const change = await latestChange(ctx.state.db, item.item_id);
      const add: NewTransaction[] = request.transactions.map((t, index) => ({
        pending: false,
        generated: scriptedTransaction(
          derivedPlaidId(`${item.item_id}:custom:${change}:${index}`),
          account?.account_id ?? '',
          t,
        ),
      }));
      await ctx.state.db.transaction().execute(async (tx) => {
        await applyChanges(tx, item.item_id, { remove: [], add });
        await notifySync(tx, ctx.now, item);
        await markUpdated(tx, item, ctx.now);
      });
      return {} satisfies ResponseBody<SandboxTransactionsCreateResponse>;
    },
  ),
];
