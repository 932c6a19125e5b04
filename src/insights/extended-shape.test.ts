import { describe, expect, it } from 'vitest';
import { descriptorWords } from './descriptor.js';
import { readPayroll } from './employer-name.js';
import { extendedShape } from './extended-shape.js';

/** Descriptors of one extended shape: the words with digits differ, but not in being one character or more. */
const alike = [
  [
    'PURCHASE AUTHORIZED ON 08/18 SHELL OIL 574423 S552823083739797 CARD 1602',
    'PURCHASE AUTHORIZED ON 11/02 SHELL OIL 57 S1 CARD 77',
  ],
  [
    'WELLS FARGO HOME DES:LOAN PMT ID:3KG96PZC9SOT INDN:ROBERT SMITH CO ID:6160024742 WEB',
    'WELLS FARGO HOME DES:LOAN PMT ID:Q1 INDN:ROBERT SMITH CO ID:00 WEB',
  ],
  [
    'ACME FOODS CORP DES:NET PAY ID:36HR5U9PAQC INDN:BROWN SARAH',
    'ACME FOODS CORP DES:NET PAY ID:x9 INDN:BROWN SARAH',
  ],
  ['ZELLE PAYMENT TO JOHN SMITH CONF# 8XK2PL', 'ZELLE PAYMENT TO JOHN SMITH CONF# 12'],
  ['CHECK 5 A', 'CHECK 7 A'],
  ["AT&T 1'B", "AT&T 2'B"],
];

describe('extendedShape', () => {
  it('keeps words of letters and separators, and words with digits as 0 (one character) or 00', () => {
    expect(extendedShape('SHELL OIL 574423 #5 x')).toBe('SHELL OIL 00 #0 x');
    expect(extendedShape('NETFLIX.COM')).toBe('NETFLIX.COM');
    expect(extendedShape('CHECK 5')).not.toBe(extendedShape('CHECK 55'));
  });

  it('has none where unglue would split a word with a digit (a capital run after a lower-case letter)', () => {
    expect(extendedShape('PAY abcDEF1')).toBeUndefined();
    expect(extendedShape('ACH Electronic CreditGUSTO PAY 123456')).toBe('ACH Electronic CreditGUSTO PAY 00');
  });

  it.each(alike)('reads %j and %j alike', (a, b) => {
    expect(extendedShape(a)).toBe(extendedShape(b));
    expect(descriptorWords(b)).toEqual(descriptorWords(a));
    expect(readPayroll(b)).toEqual(readPayroll(a));
  });
});
