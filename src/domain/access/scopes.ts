/**
 * The areas of the brand API a key may be limited to. A key with no list reaches every area; a
 * read-only key makes GET requests only.
 */
export const API_AREAS = [
  'owners',
  'links',
  'transfers',
  'webhooks',
  'insights',
  'api_keys',
  'audit_log',
] as const;

export type ApiArea = (typeof API_AREAS)[number];

/** What a key may do: its areas (null: all) and whether it may change anything. */
export interface KeyAccess {
  readonly keyId: string;
  readonly areas: readonly ApiArea[] | null;
  readonly readOnly: boolean;
}

/** The scope a call needs and the key lacks (`write` for a change by a read-only key), or undefined. */
export function missingScope(access: KeyAccess, area: ApiArea, write: boolean): string | undefined {
  if (access.areas !== null && !access.areas.includes(area)) return area;
  if (write && access.readOnly) return 'write';
  return undefined;
}

/** Whether `granted` reaches no further than `grantor`: a key never mints a wider key than itself. */
export function withinAccess(
  grantor: KeyAccess,
  granted: { areas: readonly ApiArea[] | null; readOnly: boolean },
): string | undefined {
  if (grantor.areas !== null) {
    const own = grantor.areas;
    const wider = (granted.areas ?? API_AREAS).find((a) => !own.includes(a));
    if (wider) return wider;
  }
  if (grantor.readOnly && !granted.readOnly) return 'write';
  return undefined;
}

export function parseAreas(stored: string | null): readonly ApiArea[] | null {
  if (stored === null) return null;
  const parsed = JSON.parse(stored) as unknown;
  return Array.isArray(parsed) ? parsed.filter((a): a is ApiArea => API_AREAS.includes(a as ApiArea)) : [];
}
