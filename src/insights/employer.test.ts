import { describe, expect, it } from 'vitest';
import { analyzeTransactions, detectEmployer } from './index.js';
import { everyDays, transactions } from './insights.test-helper.js';

const bofa = (company: string, purpose: string, i: number) =>
  `${company} DES:${purpose} ID:XXXXX${1000 + i} INDN:DOE JANE CO ID:XXXXX98765 PPD`;

describe('detectEmployer: schedules', () => {
  it('names the employer of a biweekly ADP payroll, rolled before a holiday, with its next payday', () => {
    // Fridays from 2025-05-23; Independence Day (Friday 2025-07-04) pays on the Thursday.
    const paydays = everyDays('2025-05-23', '2025-08-01', 14).map((d) =>
      d === '2025-07-04' ? '2025-07-03' : d,
    );
    const rows = transactions(
      paydays.map((d, i) => [
        d,
        -2210.55,
        `ADP PAYROLL ACME ROBOTICS INC ${100200 + i}`,
        { merchant_name: 'ADP' },
      ]),
    );
    const result = detectEmployer(rows, { asOf: '2025-08-05' });
    expect(result.status).toBe('EMPLOYER_FOUND');
    expect(result.employer_matches).toHaveLength(1);
    expect(result.employer_matches[0]).toMatchObject({
      employer_name: 'Acme Robotics',
      payroll_provider: 'ADP',
      pay_frequency: 'BIWEEKLY',
      last_pay_date: '2025-08-01',
      next_pay_date: '2025-08-15',
      average_amount: 2210.55,
      is_active: true,
    });
    expect(result.employer_matches[0]?.confidence).toBeGreaterThan(0.9);
  });

  it('reads a semi-monthly payroll paid early before weekends and month ends', () => {
    const paydays = [
      '2025-05-15',
      '2025-05-30',
      '2025-06-13',
      '2025-06-30',
      '2025-07-15',
      '2025-07-31',
      '2025-08-15',
    ];
    const rows = transactions(
      paydays.map((d, i) => [
        d,
        -1875,
        `ORIG CO NAME:GLOBEX CORP ORIG ID:${9100 + i} CO ENTRY DESCR:PAYROLL SEC:PPD`,
      ]),
    );
    const [match] = detectEmployer(rows, { asOf: '2025-08-20' }).employer_matches;
    expect(match).toMatchObject({
      employer_name: 'Globex',
      pay_frequency: 'SEMI_MONTHLY',
      next_pay_date: '2025-08-29',
    });
  });
});

describe('detectEmployer: job changes, bonuses and declines', () => {
  it('reports the current employer first and the previous one as inactive, and keeps a bonus with its employer', () => {
    const old = everyDays('2024-01-05', '2024-05-24', 14);
    const current = everyDays('2024-06-14', '2024-09-20', 14);
    const rows = transactions([
      ...old.map((d, i) => [d, -1800, bofa('INITECH LLC', 'PAYROLL', i)] as const),
      ['2024-03-08', -5000, bofa('INITECH LLC', 'BONUS', 99)],
      ...current.map((d, i) => [d, -2600, `Umbrella Health Payroll`, { transaction_id: `u${i}` }] as const),
    ]);
    const result = detectEmployer(rows, { asOf: '2024-09-25' });
    expect(result.employer_matches.map((m) => [m.employer_name, m.is_active])).toEqual([
      ['Umbrella Health', true],
      ['Initech', false],
    ]);
    const initech = result.employer_matches[1];
    expect(initech?.transaction_ids).toHaveLength(old.length + 1);
    expect(initech?.average_amount).toBe(1800);
    expect(initech?.next_pay_date).toBeNull();
  });

  it('declines when the deposit names only the payroll provider', () => {
    const rows = transactions(
      everyDays('2024-01-05', '2024-04-26', 14).map((d, i) => [
        d,
        -2000,
        `GUSTO DES:PAY ID:X${i} INDN:DOE JANE CO ID:9138 CCD`,
      ]),
    );
    const result = detectEmployer(rows, { asOf: '2024-05-01' });
    expect(result).toMatchObject({ employer_matches: [], status: 'NO_EMPLOYER_FOUND' });
  });

  it('does not take Social Security, a tax refund, transfers or an owner distribution for an employer', () => {
    const rows = transactions([
      ...['2024-01-03', '2024-02-02', '2024-03-01', '2024-04-03'].map(
        (d) => [d, -1650, 'SSA TREAS 310 XXSOC SEC'] as const,
      ),
      ['2024-03-20', -2400, 'IRS TREAS 310 TAX REF'],
      ...['2024-01-10', '2024-02-12', '2024-03-11', '2024-04-10'].map(
        (d) => [d, -1200, 'PINE RIDGE PROPE DES:OWNER DISB ID:X1 INDN:DOE JANE CO ID:77 PPD'] as const,
      ),
      ...everyDays('2024-01-10', '2024-04-10', 14).map(
        (d) => [d, -300, 'ONLINE TRANSFER FROM SAV XXXXXX4321'] as const,
      ),
    ]);
    const { employer, recurring } = analyzeTransactions(rows, { asOf: '2024-04-15' });
    expect(employer.employer_matches).toEqual([]);
    expect(recurring.inflow_streams.map((s) => s.frequency)).toContain('MONTHLY');
  });

  it('says there is too little data for an empty or very short history', () => {
    expect(detectEmployer([], { asOf: '2024-05-01' }).status).toBe('INSUFFICIENT_DATA');
  });
});
