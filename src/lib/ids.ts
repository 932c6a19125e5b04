import { randomUUID } from 'node:crypto';
import { v7 } from 'uuid';

/** Time-ordered UUIDs (v7): unique across processes and sortable, so ids double as pagination cursors. */
export function newId(): string {
  return v7();
}

/** Request ids need only be unique; the random UUID is the cheapest source on the hot path. */
export function newRequestId(): string {
  return `req_${randomUUID().replaceAll('-', '')}`;
}
