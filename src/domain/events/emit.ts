import { newId } from '../../lib/ids.js';
import { insertEvent } from '../../store/events.store.js';
import type { Tx } from '../../store/tx.js';
import { fanOut } from '../../webhooks/fan-out.js';
import { EVENT_CATALOG, type NewEvent } from './catalog.js';

/**
 * The one writer of events: inside the caller's transaction, so an event exists exactly when the
 * change it tells of does. The data is checked against the catalogue (a bad payload is a bug, and
 * throws). Outbound webhooks hang off this: the event's deliveries are created in the same
 * transaction (webhooks/fan-out.ts).
 */
export async function emit(tx: Tx, brandId: string, event: NewEvent, now: string): Promise<string> {
  const spec = EVENT_CATALOG[event.type];
  const data: unknown = spec.data.parse(event.data);
  const id = newId();
  await insertEvent(tx, {
    id,
    brand_id: brandId,
    type: event.type,
    subject_id: event.subjectId,
    data: JSON.stringify(data),
    version: spec.version,
    created_at: now,
  });
  await fanOut(tx, brandId, { id, type: event.type }, now);
  return id;
}
