import { describe, expect, it } from 'vitest';
import { isValidRoutingNumber, routingCheckDigit } from './routing.js';

describe('ABA routing numbers', () => {
  it('accepts real routing numbers and computes their check digits', () => {
    for (const routing of ['011000015', '021000021', '026009593', '121000358', '322271627', '000000518']) {
      expect(isValidRoutingNumber(routing), routing).toBe(true);
      expect(routingCheckDigit(routing.slice(0, 8))).toBe(Number(routing[8]));
    }
  });

  it('refuses a wrong check digit, an unassigned prefix, all zeros and bad shapes', () => {
    expect(isValidRoutingNumber('021000022')).toBe(false);
    expect(isValidRoutingNumber('500000005')).toBe(false);
    expect(isValidRoutingNumber('000000000')).toBe(false);
    expect(isValidRoutingNumber('02100002')).toBe(false);
    expect(isValidRoutingNumber('02100002a')).toBe(false);
    expect(() => routingCheckDigit('1234567')).toThrow(RangeError);
  });
});
