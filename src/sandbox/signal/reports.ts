import type { SandboxContext } from '../endpoint.js';
import { invalidField, PlaidApiError } from '../errors.js';
import type { SignalEvaluationRow } from '../state.js';
import type { DecisionFields, ReturnFields } from './requests.js';
import { findDecision, findEvaluation, saveDecision, saveReturn } from './store.js';

/** The account a processor token reads: its reports may name only that account's evaluations. */
export interface ReportScope {
  itemId: string;
  accountId: string;
}

/**
 * The evaluation a report is about. Plaid requires the id given to the evaluate call; an id it never
 * saw (or, through a processor token, saw for another account) is an invalid field.
 */
export async function requireEvaluation(
  ctx: SandboxContext,
  clientTransactionId: string,
  scope: ReportScope | null,
): Promise<SignalEvaluationRow> {
  const row = await findEvaluation(ctx.state.db, { clientId: ctx.clientId, clientTransactionId });
  const inScope = !scope || (row?.item_id === scope.itemId && row.account_id === scope.accountId);
  if (row && inScope) return row;
  const where = scope ? '/processor/signal/evaluate for this processor token' : '/signal/evaluate';
  throw invalidField(`client_transaction_id: must be the client_transaction_id of an earlier ${where}`);
}

export async function reportDecision(
  ctx: SandboxContext,
  evaluation: SignalEvaluationRow,
  fields: DecisionFields,
): Promise<void> {
  await saveDecision(ctx.state.db, {
    client_id: ctx.clientId,
    client_transaction_id: evaluation.client_transaction_id,
    initiated: fields.initiated ? 1 : 0,
    days_funds_on_hold: fields.days_funds_on_hold ?? null,
    decision_outcome: fields.decision_outcome ?? null,
    payment_method: fields.payment_method ?? null,
    amount_instantly_available: fields.amount_instantly_available ?? null,
    reported_at: ctx.now.toISOString(),
  });
}

/**
 * A return of a transaction the brand never initiated cannot be: one reported as not initiated,
 * or one the ruleset rerouted and no decision report has since said was initiated.
 */
export async function reportReturn(
  ctx: SandboxContext,
  evaluation: SignalEvaluationRow,
  fields: ReturnFields,
): Promise<void> {
  const key = { clientId: ctx.clientId, clientTransactionId: evaluation.client_transaction_id };
  const decision = await findDecision(ctx.state.db, key);
  const initiated = decision ? decision.initiated === 1 : evaluation.ruleset_result !== 'REROUTE';
  if (!initiated) throw new PlaidApiError('SIGNAL_TRANSACTION_NOT_INITIATED');
  await saveReturn(ctx.state.db, {
    client_id: ctx.clientId,
    client_transaction_id: evaluation.client_transaction_id,
    return_code: fields.return_code,
    returned_at: fields.returned_at ? new Date(fields.returned_at).toISOString() : null,
    reported_at: ctx.now.toISOString(),
  });
}
