import type { SignalEvaluateResponse } from 'plaid';
import { accountsForItem, type SandboxAccount } from '../data/accounts.js';
import type { SandboxContext } from '../endpoint.js';
import { invalidField, PlaidApiError } from '../errors.js';
import { findAccount, requireHealthy, requireItem, useProduct } from '../items.js';
import { readThroughProcessorToken } from '../processor-tokens.js';
import { type ItemRow, parseJsonList, type SignalEvaluationRow } from '../state.js';
import { addDays, DAY_MS, isoDate } from '../transactions/calendar.js';
import type { ResponseBody } from '../wire.js';
import { coreAttributes } from './attributes.js';
import type { EvaluationFields } from './requests.js';
import { runRuleset } from './ruleset.js';
import { signalScores } from './scores.js';
import { accountHistory, findEvaluation, insertEvaluation, returnsOnAccount } from './store.js';

/** The account a debit would be drawn from, and its Item. */
export interface EvaluationTarget {
  item: ItemRow;
  account: SandboxAccount;
}

export type EvaluationBody = ResponseBody<SignalEvaluateResponse>;

/** Signal scores ACH debits: only an account ACH can debit (checking, savings) is evaluated. */
function requireDebitable(account: SandboxAccount, field: string): SandboxAccount {
  if (account.ach) return account;
  throw invalidField(
    `${field}: Signal evaluates ACH debits from checking or savings accounts; this is a ${String(account.subtype)} account`,
  );
}

export async function itemTarget(
  ctx: SandboxContext,
  accessToken: string,
  accountId: string,
): Promise<EvaluationTarget> {
  const item = await requireItem(ctx, accessToken);
  requireHealthy(item);
  const account = accountsForItem(item).find((a) => a.account_id === accountId);
  if (!account) throw new PlaidApiError('INVALID_ACCOUNT_ID');
  return { item, account: requireDebitable(account, 'account_id') };
}

export async function processorTarget(ctx: SandboxContext, token: string): Promise<EvaluationTarget> {
  const { row, item } = await readThroughProcessorToken(ctx, token, 'signal');
  return { item, account: requireDebitable(findAccount(item, row.account_id), 'processor_token') };
}

export const wholeDaysSince = (from: string, now: Date) =>
  Math.max(0, Math.floor((now.getTime() - Date.parse(from)) / DAY_MS));

/** Returns reported on the account's earlier evaluations, aged to now. */
async function earlierReturns(ctx: SandboxContext, { item, account }: EvaluationTarget) {
  const reported = await returnsOnAccount(ctx.state.db, ctx.clientId, item.item_id, account.account_id);
  return reported.map((r) => ({
    code: r.return_code,
    ageDays: wholeDaysSince(r.returned_at ?? r.reported_at, ctx.now),
  }));
}

/** The scores, attributes and (with a ruleset key) the ruleset's result, from the Item's state now. */
async function assess(
  ctx: SandboxContext,
  target: EvaluationTarget,
  fields: EvaluationFields,
): Promise<EvaluationBody> {
  const { item, account } = target;
  const itemAgeDays = wholeDaysSince(item.created_at, ctx.now);
  const history = parseJsonList(item.products).includes('transactions')
    ? await accountHistory(ctx.state.db, item.item_id, account.account_id, addDays(isoDate(ctx.now), -89))
    : null;
  const attributes = coreAttributes({
    account,
    amount: fields.amount,
    now: ctx.now,
    itemAgeDays,
    history,
    transactionsUpdatedAt: item.transactions_updated_at,
  });
  const balance = account.balances.available ?? account.balances.current ?? 0;
  const scores = signalScores({
    amount: fields.amount,
    balance,
    itemAgeDays,
    returns: await earlierReturns(ctx, target),
    nsfOverdraftCount90d: attributes.nsf_overdraft_transactions_count_90d ?? 0,
    unauthorizedCount90d: attributes.unauthorized_transactions_count_90d ?? 0,
  });
  return {
    scores,
    core_attributes: attributes,
    ...(fields.ruleset_key
      ? { ruleset: runRuleset(fields.ruleset_key, fields.amount, balance, scores) }
      : {}),
    warnings: [],
  };
}

/** A client transaction id answers one evaluation: the same request again gets the same answer. */
function replay(earlier: SignalEvaluationRow, request: string): EvaluationBody {
  if (earlier.request !== request) throw new PlaidApiError('CLIENT_TRANSACTION_ID_ALREADY_IN_USE');
  return JSON.parse(earlier.response) as EvaluationBody;
}

/** Evaluates a proposed debit once per client transaction id, and keeps it for the reports. */
export async function evaluate(
  ctx: SandboxContext,
  target: EvaluationTarget,
  fields: EvaluationFields,
): Promise<EvaluationBody> {
  const key = { clientId: ctx.clientId, clientTransactionId: fields.client_transaction_id };
  // The account, not the token that named it: a rotated access token still repeats the request.
  const request = JSON.stringify({
    item_id: target.item.item_id,
    account_id: target.account.account_id,
    ...fields,
  });
  const earlier = await findEvaluation(ctx.state.db, key);
  if (earlier) return replay(earlier, request);
  const item = await useProduct(ctx, target.item, 'signal');
  const body = await assess(ctx, { item, account: target.account }, fields);
  const stored = await insertEvaluation(ctx.state.db, {
    client_id: ctx.clientId,
    client_transaction_id: fields.client_transaction_id,
    item_id: item.item_id,
    account_id: target.account.account_id,
    request,
    response: JSON.stringify(body),
    ruleset_result: body.ruleset?.result ?? null,
    evaluated_at: ctx.now.toISOString(),
  });
  if (stored) return body;
  // A concurrent call with the same id stored first: answer as its retry would be answered.
  const winner = await findEvaluation(ctx.state.db, key);
  return winner ? replay(winner, request) : body;
}
