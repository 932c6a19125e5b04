import type { Db } from '../../store/db.js';
import { listEvents } from '../../store/external-accounts.store.js';
import type { Tenant } from '../tenant.js';

export interface BrandEvent {
  id: string;
  type: string;
  subjectId: string;
  data: Record<string, unknown>;
  createdAt: string;
}

/** What happened to a brand's objects, oldest first; recorded in the same transaction as the change. */
export function createEventsService({ db }: { db: Db }) {
  return {
    async list(
      tenant: Tenant,
      page: { limit: number; startingAfter?: string | undefined },
    ): Promise<{ data: BrandEvent[]; hasMore: boolean }> {
      const { rows, hasMore } = await listEvents(db, tenant.brandId, page);
      return {
        data: rows.map((r) => ({
          id: r.id,
          type: r.type,
          subjectId: r.subject_id,
          data: JSON.parse(r.data) as Record<string, unknown>,
          createdAt: r.created_at,
        })),
        hasMore,
      };
    },
  };
}

export type EventsService = ReturnType<typeof createEventsService>;
