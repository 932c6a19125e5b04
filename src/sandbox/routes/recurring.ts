import type { ProcessorTransactionsRecurringGetResponse, TransactionsRecurringGetResponse } from 'plaid';
import { z } from 'zod';
import { defineEndpoint } from '../endpoint.js';
import { derivedPlaidId } from '../ids.js';
import { requireHealthy, requireItem, requireTransactions } from '../items.js';
import type { ItemRow, TransactionRow } from '../state.js';
import { addDays, isoDate } from '../transactions/calendar.js';
import type { Frequency, GeneratedTransaction } from '../transactions/generated.js';
import { recurringRows } from '../transactions/store.js';
import { readThroughProcessorToken } from '../processor-tokens.js';
import { plaidRequest } from '../validate.js';
import type { ResponseBody } from '../wire.js';

const INTERVAL_DAYS: Record<Frequency, number> = {
  WEEKLY: 7,
  BIWEEKLY: 14,
  SEMI_MONTHLY: 15,
  MONTHLY: 30,
  ANNUALLY: 365,
};

/** Streams from the recurring series the history was made of, split into money in and money out. */
function buildStreams(item: ItemRow, rows: TransactionRow[], today: string) {
  const groups = new Map<string, { rows: TransactionRow[]; body: GeneratedTransaction[] }>();
  for (const row of rows) {
    const body = JSON.parse(row.body) as GeneratedTransaction;
    if (!body.stream) continue;
    const key = `${row.account_id}:${body.stream.key}`;
    const group = groups.get(key) ?? { rows: [], body: [] };
    group.rows.push(row);
    group.body.push(body);
    groups.set(key, group);
  }
  const streams = [...groups.entries()].flatMap(([key, group]) => {
    const last = group.body.at(-1);
    const first = group.body[0];
    if (!last?.stream || !first || group.body.length < 2) return [];
    const interval = INTERVAL_DAYS[last.stream.frequency];
    const amount = (value: number) => ({
      amount: Math.round(value * 100) / 100,
      iso_currency_code: 'USD',
      unofficial_currency_code: null,
    });
    const average = group.body.reduce((sum, t) => sum + t.amount, 0) / group.body.length;
    const isActive = last.date >= addDays(today, -2 * interval);
    return [
      {
        account_id: last.account_id,
        stream_id: derivedPlaidId(`${item.item_id}:stream:${key}`),
        category: null,
        category_id: null,
        description: last.name,
        merchant_name: last.merchant_name,
        first_date: first.date,
        last_date: last.date,
        predicted_next_date: isActive ? addDays(last.date, interval) : null,
        frequency: last.stream.frequency,
        transaction_ids: group.rows.map((r) => r.transaction_id),
        average_amount: amount(average),
        last_amount: amount(last.amount),
        is_active: isActive,
        status: !isActive
          ? ('TOMBSTONED' as const)
          : group.body.length >= 3
            ? ('MATURE' as const)
            : ('EARLY_DETECTION' as const),
        personal_finance_category: { ...last.category, confidence_level: 'VERY_HIGH' },
        is_user_modified: false,
      },
    ];
  });
  return {
    inflow_streams: streams.filter((s) => (s.average_amount.amount ?? 0) < 0),
    outflow_streams: streams.filter((s) => (s.average_amount.amount ?? 0) >= 0),
  };
}

const recurringOptions = z.looseObject({}).optional();

export const recurringEndpoints = [
  defineEndpoint(
    '/transactions/recurring/get',
    plaidRequest({
      access_token: z.string(),
      account_ids: z.array(z.string()).optional(),
      options: recurringOptions,
    }),
    async (request, ctx) => {
      const item = await requireItem(ctx, request.access_token);
      requireHealthy(item);
      requireTransactions(item);
      const rows = (await recurringRows(ctx.state.db, item.item_id)).filter(
        (r) => !request.account_ids || request.account_ids.includes(r.account_id),
      );
      return {
        ...buildStreams(item, rows, isoDate(ctx.now)),
        updated_datetime: ctx.now.toISOString(),
      } satisfies ResponseBody<TransactionsRecurringGetResponse>;
    },
  ),

  defineEndpoint(
    '/processor/transactions/recurring/get',
    plaidRequest({ processor_token: z.string(), options: recurringOptions }),
    async (request, ctx) => {
      const { row, item } = await readThroughProcessorToken(ctx, request.processor_token, 'transactions');
      requireTransactions(item);
      const rows = await recurringRows(ctx.state.db, item.item_id, row.account_id);
      return {
        ...buildStreams(item, rows, isoDate(ctx.now)),
        updated_datetime: ctx.now.toISOString(),
      } satisfies ResponseBody<ProcessorTransactionsRecurringGetResponse>;
    },
  ),
];
