import { viewTransfer, type TransferRow } from '../../../domain/transfers/views.js';
import { formatApiTime } from '../../../lib/time.js';

/** A transfer as the API documents it (schema `Transfer`). */
export function presentTransfer(row: TransferRow) {
  const view = viewTransfer(row);
  const push = row.direction === 'push';
  return {
    transfer_id: row.id,
    from: push ? row.card_account_id : row.linked_account_id,
    to: push ? row.linked_account_id : row.card_account_id,
    direction: row.direction,
    account_id: row.card_account_id,
    linked_account_id: row.linked_account_id,
    amount: String(row.amount_cents),
    amount_cents: row.amount_cents,
    currency: row.currency,
    description: row.description,
    speed: row.speed,
    status: row.status,
    decision: view.decision,
    failure_reason: row.failure_reason,
    return: view.returned && {
      code: view.returned.code,
      description: view.returned.description,
      shortfall_cents: view.returned.shortfallCents,
    },
    notification_of_change: view.correction,
    ach: {
      sec_code: row.sec_code,
      trace_number: row.trace_number,
      effective_date: row.effective_date,
      settlement_date: view.settlementDate,
    },
    represents_transfer_id: row.represents_id,
    representment: row.representment,
    funds_available_on: row.available_on,
    funds_available: row.direction === 'pull' ? row.funds_available === 1 : row.status === 'settled',
    timeline: view.timeline.map((s) => ({ ...s, at: formatApiTime(s.at) })),
    date_created: formatApiTime(row.created_at),
    date_updated: formatApiTime(row.updated_at),
  };
}
