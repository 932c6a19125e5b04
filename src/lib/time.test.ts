import { describe, expect, it } from 'vitest';
import { formatApiTime } from './time.js';

describe('formatApiTime', () => {
  it('writes UTC with a microsecond field and an explicit offset, from a Date or a stored string', () => {
    const at = new Date('2023-08-07T19:45:22.596Z');
    expect(formatApiTime(at)).toBe('2023-08-07T19:45:22.596000+00:00');
    expect(formatApiTime(at.toISOString())).toBe('2023-08-07T19:45:22.596000+00:00');
  });

  it('converts a string in another form or offset to UTC rather than passing it through', () => {
    expect(formatApiTime('2023-08-07T21:45:22.596+02:00')).toBe('2023-08-07T19:45:22.596000+00:00');
    expect(formatApiTime('2023-08-07T19:45:22Z')).toBe('2023-08-07T19:45:22.000000+00:00');
    expect(formatApiTime('2023-08-07 19:45:22.596Z')).toBe('2023-08-07T19:45:22.596000+00:00');
  });
});
