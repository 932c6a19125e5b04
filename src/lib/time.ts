/**
 * The API's timestamp format, the one the product documents show:
 * `2023-08-07T19:45:22.596000+00:00` (UTC, microsecond field, explicit offset).
 */
export function formatApiTime(value: Date | string): string {
  const iso = (typeof value === 'string' ? new Date(value) : value).toISOString();
  return `${iso.slice(0, 23)}000+00:00`;
}

export function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}
