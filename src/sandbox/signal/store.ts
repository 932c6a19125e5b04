import type { SandboxDatabase, SandboxDb, SignalEvaluationRow } from '../state.js';
import type { GeneratedTransaction } from '../transactions/generated.js';
import type { HistoryEntry } from './attributes.js';

type DecisionRow = SandboxDatabase['sandbox_signal_decisions'];
type ReturnRow = SandboxDatabase['sandbox_signal_returns'];

/** Signal's rows are keyed by the client and its transaction id, as Plaid scopes them. */
export interface TransactionKey {
  clientId: string;
  clientTransactionId: string;
}

export async function findEvaluation(
  db: SandboxDb,
  key: TransactionKey,
): Promise<SignalEvaluationRow | undefined> {
  return db
    .selectFrom('sandbox_signal_evaluations')
    .selectAll()
    .where('client_id', '=', key.clientId)
    .where('client_transaction_id', '=', key.clientTransactionId)
    .executeTakeFirst();
}

/** Stores an evaluation unless its transaction id is already taken; says whether it stored it. */
export async function insertEvaluation(db: SandboxDb, row: SignalEvaluationRow): Promise<boolean> {
  const result = await db
    .insertInto('sandbox_signal_evaluations')
    .values(row)
    .onConflict((oc) => oc.columns(['client_id', 'client_transaction_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findDecision(db: SandboxDb, key: TransactionKey): Promise<DecisionRow | undefined> {
  return db
    .selectFrom('sandbox_signal_decisions')
    .selectAll()
    .where('client_id', '=', key.clientId)
    .where('client_transaction_id', '=', key.clientTransactionId)
    .executeTakeFirst();
}

/** A later report for the same transaction corrects the earlier one, as Plaid asks brands to do. */
export async function saveDecision(db: SandboxDb, row: DecisionRow): Promise<void> {
  const { client_id: _client, client_transaction_id: _id, ...update } = row;
  await db
    .insertInto('sandbox_signal_decisions')
    .values(row)
    .onConflict((oc) => oc.columns(['client_id', 'client_transaction_id']).doUpdateSet(update))
    .execute();
}

/** A transaction returns once: a second report replaces the first (a corrected code). */
export async function saveReturn(db: SandboxDb, row: ReturnRow): Promise<void> {
  const { client_id: _client, client_transaction_id: _id, ...update } = row;
  await db
    .insertInto('sandbox_signal_returns')
    .values(row)
    .onConflict((oc) => oc.columns(['client_id', 'client_transaction_id']).doUpdateSet(update))
    .execute();
}

/**
 * Returns reported on this client's evaluations of one account, leaving out transactions the brand
 * last reported as never initiated.
 */
export async function returnsOnAccount(
  db: SandboxDb,
  clientId: string,
  itemId: string,
  accountId: string,
): Promise<Pick<ReturnRow, 'return_code' | 'returned_at' | 'reported_at'>[]> {
  return db
    .selectFrom('sandbox_signal_returns as r')
    .innerJoin('sandbox_signal_evaluations as e', (join) =>
      join
        .onRef('e.client_id', '=', 'r.client_id')
        .onRef('e.client_transaction_id', '=', 'r.client_transaction_id'),
    )
    .leftJoin('sandbox_signal_decisions as d', (join) =>
      join
        .onRef('d.client_id', '=', 'r.client_id')
        .onRef('d.client_transaction_id', '=', 'r.client_transaction_id'),
    )
    .select(['r.return_code', 'r.returned_at', 'r.reported_at'])
    .where('r.client_id', '=', clientId)
    .where('e.item_id', '=', itemId)
    .where('e.account_id', '=', accountId)
    .where((eb) => eb.or([eb('d.initiated', 'is', null), eb('d.initiated', '=', 1)]))
    .orderBy('r.reported_at')
    .execute();
}

/** The account's transactions dated on or after `fromDate`, as Signal's attributes read them. */
export async function accountHistory(
  db: SandboxDb,
  itemId: string,
  accountId: string,
  fromDate: string,
): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom('sandbox_transactions')
    .select(['date', 'body'])
    .where('item_id', '=', itemId)
    .where('account_id', '=', accountId)
    .where('removed_change', 'is', null)
    .where('date', '>=', fromDate)
    .execute();
  return rows.map((row) => {
    const t = JSON.parse(row.body) as GeneratedTransaction;
    return { date: row.date, amount: t.amount, name: t.name, category: t.category.detailed };
  });
}
