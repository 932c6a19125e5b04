import { v7 } from 'uuid';

/** Time-ordered UUIDs (v7): unique across processes and sortable, so ids double as pagination cursors. */
export function newId(): string {
  return v7();
}

export function newRequestId(): string {
  return `req_${v7().replaceAll('-', '')}`;
}
