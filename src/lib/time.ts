/**
 * The API's timestamp format, the one the product documents show:
 * `2023-08-07T19:45:22.596000+00:00` (UTC, microsecond field, explicit offset).
 */
export function formatApiTime(value: Date | string): string {
  const iso =
    typeof value !== 'string'
      ? value.toISOString()
      : STORED_TIME.test(value)
        ? value
        : new Date(value).toISOString();
  return `${iso.slice(0, 23)}000+00:00`;
}

/**
 * toISOString's own form, the one every stored time is written in: such a string is already what
 * parsing and printing it again would give, so it skips both (every presented object has two).
 */
const STORED_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

export function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}
