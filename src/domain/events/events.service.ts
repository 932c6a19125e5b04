import { AppError } from '../../lib/errors.js';
import type { Db } from '../../store/db.js';
import { findEventCursor, listEventsAfter } from '../../store/events.store.js';
import { pruneEvents } from '../../store/webhooks.store.js';
import type { Clock } from '../../lib/clock.js';
import { addMs } from '../../lib/time.js';
import type { Tenant } from '../tenant.js';

export interface BrandEvent {
  id: string;
  type: string;
  version: number;
  subjectId: string;
  data: Record<string, unknown>;
  createdAt: string;
}

/**
 * What happened to a brand's objects, oldest first; recorded in the same transaction as the change
 * (emit.ts). A reader paging with `starting_after` never misses an event (see events.store.ts).
 */
export function createEventsService({ db, clock }: { db: Db; clock: Clock }) {
  return {
    /**
     * Deletes events older than the retention, with their deliveries, unless a delivery of theirs is
     * still to be made. Returns how many went.
     */
    async prune(retentionDays: number): Promise<number> {
      return pruneEvents(db, addMs(clock.now(), -retentionDays * 24 * 3_600_000).toISOString());
    },

    async list(
      tenant: Tenant,
      page: { limit: number; startingAfter?: string | undefined },
    ): Promise<{ data: BrandEvent[]; hasMore: boolean }> {
      const cursor =
        page.startingAfter === undefined
          ? undefined
          : await findEventCursor(db, tenant.brandId, page.startingAfter);
      if (page.startingAfter !== undefined && !cursor)
        throw new AppError('validation_error', 'starting_after: is not the id of one of your events.');
      const rows = await listEventsAfter(db, tenant.brandId, cursor, page.limit + 1);
      return {
        data: rows.slice(0, page.limit).map((r) => ({
          id: r.id,
          type: r.type,
          version: r.version,
          subjectId: r.subject_id,
          data: JSON.parse(r.data) as Record<string, unknown>,
          createdAt: r.created_at,
        })),
        hasMore: rows.length > page.limit,
      };
    },
  };
}

export type EventsService = ReturnType<typeof createEventsService>;
