import { describeReturnCode } from '../../ach/index.js';
import { zonedDate } from '../../lib/banking-calendar.js';
import type { TransfersTable } from '../../store/schema.js';
import type { Decision } from './decision.js';
import { type TimelineStep, timelineOf } from './transitions.js';

export type { TransfersTable as TransferRow } from '../../store/schema.js';

/** A transfer as the API shows it, its JSON columns read and its return explained. */
export interface TransferView {
  row: TransfersTable;
  decision: Decision;
  timeline: TimelineStep[];
  settlementDate: string | null;
  returned: { code: string; description: string; shortfallCents: number } | null;
  correction: { change_code: string; description: string; fields: string[] } | null;
}

export function viewTransfer(row: TransfersTable): TransferView {
  const code = row.return_code;
  return {
    row,
    decision: JSON.parse(row.decision) as Decision,
    timeline: timelineOf(row),
    settlementDate: row.settle_at ? zonedDate(new Date(row.settle_at)) : null,
    returned: code
      ? {
          code,
          description: describeReturnCode(code)?.description ?? 'Unknown return reason',
          shortfallCents: row.shortfall_cents,
        }
      : null,
    correction: row.correction ? (JSON.parse(row.correction) as TransferView['correction']) : null,
  };
}
