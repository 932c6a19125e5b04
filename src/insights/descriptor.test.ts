import { describe, expect, it } from 'vitest';
import { descriptorKey } from './descriptor.js';
import { readPayroll } from './employer-name.js';

describe('descriptorKey', () => {
  it('strips card and ACH boilerplate, ids, dates, masked numbers, store and phone numbers', () => {
    const same = [
      'NETFLIX.COM 866-579-7172 CA',
      'PURCHASE AUTHORIZED ON 04/15 NETFLIX.COM S384105728112345 CARD 1234',
      'CHECKCARD 0415 NETFLIX.COM 24492153105000000000123',
      'POS DEBIT NETFLIX.COM',
      'Netflix.com',
    ];
    expect(new Set(same.map(descriptorKey))).toEqual(new Set(['netflix']));
    expect(descriptorKey('STARBUCKS STORE 08412 SEATTLE WA')).toBe(descriptorKey('STARBUCKS STORE 11873'));
    expect(descriptorKey("TRADER JOE'S #552")).toBe('trader joes');
    expect(descriptorKey('AT&T *PAYMENT')).toBe('att');
    expect(descriptorKey('ACH Electronic CreditGUSTO PAY 123456')).toBe('gusto pay');
  });

  it('keeps the person on a person-to-person rail', () => {
    expect(descriptorKey('ZELLE PAYMENT TO JOHN SMITH CONF# 8XK2PL')).toBe('zelle john smith');
    expect(descriptorKey('ZELLE PAYMENT TO JOHN SMITH CONF# 8XK2PL')).not.toBe(
      descriptorKey('ZELLE PAYMENT TO MARY LEE CONF# 1ABC2D'),
    );
  });

  it('falls back to the boilerplate when there is nothing else', () => {
    expect(descriptorKey('ONLINE TRANSFER TO SAV XXXXXX1234 REF #IB8KX2')).toBe(
      descriptorKey('ONLINE TRANSFER TO SAV XXXXXX1234 REF #IB77QQ'),
    );
  });
});

describe('readPayroll', () => {
  it.each([
    [
      'ACME ROBOTICS IN DES:PAYROLL ID:XXXXX1234 INDN:DOE JANE CO ID:XXXXX98765 PPD',
      'Acme Robotics In',
      null,
    ],
    [
      'ORIG CO NAME:GLOBEX CORPORATI ORIG ID:1234567890 CO ENTRY DESCR:PAYROLL SEC:PPD IND NAME:JANE DOE',
      'Globex Corporati',
      null,
    ],
    ['ACME ROBOTICS PAYROLL 240115 XXXXX1234 JANE DOE', 'Acme Robotics', null],
    ['Direct Deposit - Umbrella Health', 'Umbrella Health', null],
    ['PAYCHEX EIB PAYROLL STARK INDUSTRIES 012345', 'Stark Industries', 'Paychex'],
    ['ACH DEPOSIT COASTAL CREDIT UNION - PAYROLL TRINET HRIII', 'Coastal Credit Union', 'TriNet'],
    ['DIRECT DEP INITECH LLC ADP WAGE PAY A1B2C3D4', 'Initech', 'ADP'],
    ['TRI-COUNTY TRANSIT AUTHORITY/DIR DEP', 'Tri-County Transit Authority', null],
    ['JOHNSON & JOHNSON PAYROLL', 'Johnson & Johnson', null],
    ['Acme Robotics, Inc. Payroll', 'Acme Robotics', null],
    ['US TREASURY 220 FED SALARY', 'Us Treasury', null],
    ['COINBASE INC PAYROLL', 'Coinbase', null],
  ])('names the employer in %s', (text, employer, provider) => {
    const reading = readPayroll(text);
    expect(reading).toMatchObject({ employer, provider, payWord: true, notPay: false });
  });

  it('names no employer when only the provider is there, and knows benefits are not pay', () => {
    expect(readPayroll('GUSTO DES:PAY ID:7BVN INDN:DOE JANE CO ID:9138864001 CCD')).toMatchObject({
      employer: null,
      provider: 'Gusto',
    });
    expect(readPayroll('PAYCHEX-HRS DIRECT DEPOSIT 1234567').employer).toBeNull();
    expect(readPayroll('SSA TREAS 310 XXSOC SEC').notPay).toBe(true);
    expect(readPayroll('NYS DOL UI DD 12345').notPay).toBe(true);
    expect(readPayroll('STRIPE TRANSFER ST-X1Y2Z3').notPay).toBe(true);
    expect(readPayroll('GUSTO PAY 123456 ACME')).toMatchObject({ employer: 'Acme', provider: 'Gusto' });
  });
});
