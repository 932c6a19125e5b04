import { createHash } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import type { Db } from '../../store/db.js';
import type { Tenant } from '../tenant.js';

export interface StoredResponse {
  status: number;
  body: unknown;
}

/**
 * `Idempotency-Key` on POSTs that link or move money: the first success under a key is kept and
 * replayed for the same body; another body under the same key is a 422. Failures are not kept, so
 * a brand can fix the cause and retry with the same key.
 */
export function createIdempotencyService({ db, clock }: { db: Db; clock: Clock }) {
  return {
    async run(
      tenant: Tenant,
      key: string | undefined,
      route: string,
      request: unknown,
      execute: () => Promise<StoredResponse>,
    ): Promise<StoredResponse> {
      if (key === undefined) return execute();
      const requestHash = createHash('sha256')
        .update(`${route}\u0000${JSON.stringify(request)}`)
        .digest('hex');
      const stored = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('brand_id', '=', tenant.brandId)
        .where('key', '=', key)
        .executeTakeFirst();
      if (stored) {
        if (stored.request_hash !== requestHash)
          throw new AppError(
            'idempotency_key_reused',
            'This Idempotency-Key was used with another request; use a new key for a new request.',
          );
        return { status: stored.status_code, body: JSON.parse(stored.response_body) as unknown };
      }
      const response = await execute();
      await db
        .insertInto('idempotency_keys')
        .values({
          brand_id: tenant.brandId,
          key,
          route,
          request_hash: requestHash,
          status_code: response.status,
          response_body: JSON.stringify(response.body),
          created_at: clock.now().toISOString(),
        })
        .onConflict((oc) => oc.columns(['brand_id', 'key']).doNothing())
        .execute();
      return response;
    },
  };
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
