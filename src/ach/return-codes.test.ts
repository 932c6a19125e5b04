import { describe, expect, it } from 'vitest';
import { CHANGE_CODES, readCorrectedData, writeCorrectedData } from './change-codes.js';
import { describeReturnCode, RETURN_CODES } from './return-codes.js';

describe('return reason codes', () => {
  it('knows R01 to R85 as NACHA defines them', () => {
    expect(RETURN_CODES[0]).toBe('R01');
    expect(RETURN_CODES.at(-1)).toBe('R85');
    expect(describeReturnCode('R01')?.description).toBe('Insufficient funds');
    expect(describeReturnCode('R48')).toBeUndefined();
    expect(describeReturnCode('R99')).toBeUndefined();
  });

  it('sorts codes into Nacha’s monitoring categories', () => {
    const byCategory = (category: string) =>
      RETURN_CODES.filter((code) => describeReturnCode(code)?.category === category);
    expect(byCategory('unauthorized')).toEqual(['R05', 'R07', 'R10', 'R11', 'R29', 'R51']);
    expect(byCategory('administrative')).toEqual(['R02', 'R03', 'R04']);
    expect(byCategory('funds')).toEqual(['R01', 'R09']);
    expect(describeReturnCode('R08')?.category).toBe('other');
  });

  it('blocks the account for closed, missing, invalid, frozen and non-transaction accounts', () => {
    const blocking = RETURN_CODES.filter((code) => describeReturnCode(code)?.blocksAccount);
    expect(blocking).toEqual(['R02', 'R03', 'R04', 'R16', 'R20']);
  });

  it('lets only insufficient or uncollected funds be re-presented, at most twice', () => {
    const again = RETURN_CODES.filter((code) => (describeReturnCode(code)?.maxRepresentments ?? 0) > 0);
    expect(again).toEqual(['R01', 'R09']);
    expect(describeReturnCode('R09')?.maxRepresentments).toBe(2);
  });

  it('gives consumer disputes the 60-day window', () => {
    expect(describeReturnCode('R10')?.extendedReturnWindow).toBe(true);
    expect(describeReturnCode('R29')?.extendedReturnWindow).toBe(false);
  });
});

describe('change codes', () => {
  it('lists C01 to C13', () => {
    expect(Object.keys(CHANGE_CODES)).toHaveLength(13);
  });

  it('reads corrected data as each code lays it out, and writes it back the same way', () => {
    const cases = [
      ['C01', { accountNumber: '12345555' }],
      ['C02', { routingNumber: '026009593' }],
      ['C03', { routingNumber: '026009593', accountNumber: '12345555' }],
      ['C05', { transactionCode: 32, accountType: 'savings' }],
      ['C06', { accountNumber: '12345555', transactionCode: 27, accountType: 'checking' }],
      [
        'C07',
        {
          routingNumber: '026009593',
          accountNumber: '12345555',
          transactionCode: 37,
          accountType: 'savings',
        },
      ],
    ] as const;
    for (const [code, corrected] of cases) {
      const data = writeCorrectedData(code, corrected);
      expect(data.length, code).toBeLessThanOrEqual(29);
      expect(readCorrectedData(code, data), code).toEqual(corrected);
    }
    expect(readCorrectedData('C03', '026009593   12345555         ')).toEqual({
      routingNumber: '026009593',
      accountNumber: '12345555',
    });
  });
});
