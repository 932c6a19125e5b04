import { describeReturnCode } from '../../ach/index.js';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../store/db.js';
import { pullsSince } from '../../store/transfers.store.js';
import type { Tenant } from '../tenant.js';

/**
 * The brand's ACH return rates over Nacha's 60-day look-back, on the debits (pulls) it sent, against
 * the Operating Rules' thresholds: unauthorised 0.5 %, administrative 3 %, overall 15 %. A brand
 * over one can expect its bank's inquiry.
 */

const WINDOW_DAYS = 60;
const THRESHOLDS = { unauthorized: 0.005, administrative: 0.03, overall: 0.15 } as const;

export async function returnRates(deps: { db: Db; clock: Clock }, tenant: Tenant) {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
  const rows = await pullsSince(deps.db, tenant.brandId, since.toISOString());
  const counts = { unauthorized: 0, administrative: 0, overall: 0 };
  for (const row of rows) {
    if (row.status !== 'returned' || !row.return_code) continue;
    counts.overall++;
    const category = describeReturnCode(row.return_code)?.category;
    if (category === 'unauthorized' || category === 'administrative') counts[category]++;
  }
  const debits = rows.length;
  const rate = (n: number) => (debits === 0 ? 0 : Math.round((n / debits) * 1e6) / 1e6);
  const line = (kind: keyof typeof THRESHOLDS) => ({
    returns: counts[kind],
    rate: rate(counts[kind]),
    threshold: THRESHOLDS[kind],
    over_threshold: rate(counts[kind]) > THRESHOLDS[kind],
  });
  return {
    period_start: since.toISOString(),
    period_end: now.toISOString(),
    debits,
    unauthorized: line('unauthorized'),
    administrative: line('administrative'),
    overall: line('overall'),
  };
}
