import { describe, expect, it } from 'vitest';
import { detectRecurring } from './index.js';
import { everyDays, transactions } from './insights.test-helper.js';

const netflixNames = [
  'NETFLIX.COM 866-579-7172 CA',
  'PURCHASE AUTHORIZED ON 02/03 NETFLIX.COM S384105728 CARD 1234',
  'Netflix',
];

describe('detectRecurring: subscriptions and bills', () => {
  it('finds a monthly subscription whose descriptor and price change, and predicts its next charge', () => {
    const dates = ['2024-01-03', '2024-02-03', '2024-03-03', '2024-04-03', '2024-05-03', '2024-06-03'];
    const result = detectRecurring(
      transactions(
        dates.map((d, i) => [
          d,
          i < 3 ? 15.49 : 17.99,
          netflixNames[i % 3] ?? '',
          { merchant_name: 'Netflix' },
        ]),
      ),
      { asOf: '2024-06-10' },
    );
    expect(result.inflow_streams).toEqual([]);
    expect(result.outflow_streams).toHaveLength(1);
    const [stream] = result.outflow_streams;
    expect(stream).toMatchObject({
      frequency: 'MONTHLY',
      status: 'MATURE',
      is_active: true,
      first_date: '2024-01-03',
      last_date: '2024-06-03',
      predicted_next_date: '2024-07-03',
      merchant_name: 'Netflix',
      last_amount: { amount: 17.99, iso_currency_code: 'USD', unofficial_currency_code: null },
      is_user_modified: false,
    });
    expect(stream?.transaction_ids).toHaveLength(6);
    expect(stream?.confidence).toBeGreaterThan(0.5);
  });

  it('keeps two plans at one merchant apart by amount and day', () => {
    const months = ['01', '02', '03', '04', '05', '06'];
    const rows = months.flatMap((m) => [
      [`2024-${m}-05`, 2.99, 'APPLE.COM/BILL 866-712-7753 CA'] as const,
      [`2024-${m}-19`, 10.99, 'APPLE.COM/BILL 866-712-7753 CA'] as const,
    ]);
    const result = detectRecurring(transactions(rows), { asOf: '2024-06-25' });
    const amounts = result.outflow_streams.map((s) => [s.frequency, s.average_amount.amount]);
    expect(amounts).toEqual(
      expect.arrayContaining([
        ['MONTHLY', 2.99],
        ['MONTHLY', 10.99],
      ]),
    );
    expect(result.outflow_streams).toHaveLength(2);
  });
});

describe('detectRecurring: habits and person-to-person payments are no streams', () => {
  it('does not make a stream of coffee most weeks at varying amounts and days', () => {
    const gaps = [6, 8, 7, 5, 9, 7, 6, 8, 7, 9, 5, 8, 7, 6];
    let t = Date.parse('2024-01-02T00:00:00Z');
    const rows = gaps.map((gap, i) => {
      t += gap * 86_400_000;
      return [
        new Date(t).toISOString().slice(0, 10),
        4.25 + ((i * 37) % 50) / 10,
        'STARBUCKS STORE 08412',
      ] as const;
    });
    const result = detectRecurring(
      transactions(rows.map(([d, a, n]) => [d, a, n, { payment_channel: 'in store' }])),
      { asOf: '2024-04-20' },
    );
    expect(result.outflow_streams).toEqual([]);
  });

  it('does not make a stream of irregular payments to a friend', () => {
    const dates = ['2024-01-04', '2024-01-19', '2024-02-27', '2024-03-06', '2024-04-22', '2024-05-09'];
    const result = detectRecurring(
      transactions(dates.map((d, i) => [d, i % 2 ? 25 : 40, `ZELLE PAYMENT TO JANE DOE CONF# A${i}B${i}C`])),
      { asOf: '2024-05-20' },
    );
    expect(result.outflow_streams).toEqual([]);
  });
});

describe('detectRecurring: everyday spending by category', () => {
  it('judges each charge by its own categories when one detailed category comes under two primaries', () => {
    const superstore = 'GENERAL_MERCHANDISE_SUPERSTORES';
    // A monthly delivery whose amount wanders, categorised under a primary that is not everyday...
    const monthly = ['2024-01-05', '2024-02-05', '2024-03-05', '2024-04-05', '2024-05-06', '2024-06-05'];
    const delivery = transactions(
      monthly.map((d, i) => [
        d,
        80 + ((i * 17) % 40),
        'SAMS CLUB DELIVERY',
        {
          personal_finance_category: { primary: 'GENERAL', detailed: superstore },
        },
      ]),
    );
    // ...and shopping at another store under the everyday primary with the same detailed category.
    const shopping = transactions(
      everyDays('2024-01-03', '2024-06-20', 9).map((d, i) => [
        d,
        20 + ((i * 29) % 60),
        'TARGET 00012',
        {
          personal_finance_category: { primary: 'GENERAL_MERCHANDISE', detailed: superstore },
        },
      ]),
    );
    for (const history of [
      [...shopping, ...delivery],
      [...delivery, ...shopping],
    ]) {
      const result = detectRecurring(history, { asOf: '2024-06-25' });
      expect(result.outflow_streams.map((s) => [s.description, s.frequency])).toEqual([
        ['SAMS CLUB DELIVERY', 'MONTHLY'],
      ]);
    }
  });
});

describe('detectRecurring: calendars', () => {
  it('finds a weekly transfer and rolls a payment due on a holiday Monday to Tuesday', () => {
    // Mondays from 2024-08-05; Labor Day (2024-09-02) moves that week's transfer to the Tuesday.
    const dates = everyDays('2024-08-05', '2024-09-30', 7).map((d) =>
      d === '2024-09-02' ? '2024-09-03' : d,
    );
    const result = detectRecurring(
      transactions(
        dates.map((d) => [d, 50, `ONLINE TRANSFER TO SAV XXXXXX1234 REF #IB${d.replaceAll('-', '')}`]),
      ),
      { asOf: '2024-10-02' },
    );
    expect(result.outflow_streams).toHaveLength(1);
    expect(result.outflow_streams[0]).toMatchObject({
      frequency: 'WEEKLY',
      predicted_next_date: '2024-10-07',
    });
    expect(result.outflow_streams[0]?.transaction_ids).toHaveLength(dates.length);
  });

  it('clamps a charge on the 31st to the end of shorter months', () => {
    const dates = ['2023-10-31', '2023-11-30', '2023-12-31', '2024-01-31', '2024-02-29', '2024-03-31'];
    const result = detectRecurring(transactions(dates.map((d) => [d, 9.99, 'DROPBOX*1XK2L9'])), {
      asOf: '2024-04-10',
    });
    expect(result.outflow_streams[0]).toMatchObject({
      frequency: 'MONTHLY',
      predicted_next_date: '2024-04-30',
    });
  });
});

describe('detectRecurring: lifecycle and as-of day', () => {
  it('keeps a stream through a missed month and reports an ended one as inactive', () => {
    const gym = ['2024-01-17', '2024-02-17', '2024-04-17', '2024-05-17', '2024-06-17'];
    const ended = ['2023-11-08', '2023-12-08', '2024-01-08', '2024-02-08'];
    const result = detectRecurring(
      transactions([
        ...gym.map((d) => [d, 24.99, 'PLANET FITNESS CLUB FEES'] as const),
        ...ended.map((d) => [d, 11.99, 'SPOTIFY USA 877-778-1161 NY'] as const),
      ]),
      { asOf: '2024-06-20' },
    );
    const byName = new Map(result.outflow_streams.map((s) => [s.description.split(' ')[0], s]));
    expect(byName.get('PLANET')).toMatchObject({
      is_active: true,
      status: 'MATURE',
      predicted_next_date: '2024-07-17',
    });
    expect(byName.get('PLANET')?.transaction_ids).toHaveLength(5);
    expect(byName.get('SPOTIFY')).toMatchObject({
      is_active: false,
      status: 'MATURE',
      predicted_next_date: null,
    });
  });

  it('finds an annual fee from two charges a year apart', () => {
    const result = detectRecurring(
      transactions([
        ['2023-03-14', 95, 'ANNUAL MEMBERSHIP FEE'],
        ['2024-03-14', 95, 'ANNUAL MEMBERSHIP FEE'],
      ]),
      { asOf: '2024-05-01' },
    );
    expect(result.outflow_streams[0]).toMatchObject({
      frequency: 'ANNUALLY',
      status: 'MATURE',
      predicted_next_date: '2025-03-14',
    });
  });

  it('reads the as-of day from the latest transaction and ignores later ones when given', () => {
    const dates = everyDays('2024-01-05', '2024-03-29', 14);
    const rows = transactions(dates.map((d) => [d, -1500, 'ACME CORP PAYROLL']));
    expect(detectRecurring(rows).as_of).toBe('2024-03-29');
    const early = detectRecurring(rows, { asOf: '2024-02-20' });
    expect(early.inflow_streams[0]?.last_date).toBe('2024-02-16');
    expect(() => detectRecurring(rows, { asOf: '20-02-2024' })).toThrow(/YYYY-MM-DD/);
  });

  it('fits a series of over a thousand charges as one stream, every charge in it', () => {
    // 1,200 weeks: longer than the series the fitting keeps ready-made tables for.
    const dates = everyDays('2001-01-05', '2023-12-31', 7);
    expect(dates.length).toBeGreaterThan(1024);
    const result = detectRecurring(transactions(dates.map((d) => [d, 25, 'CITY PARKING PERMIT'])), {
      asOf: '2024-01-03',
    });
    expect(result.outflow_streams).toHaveLength(1);
    expect(result.outflow_streams[0]).toMatchObject({
      frequency: 'WEEKLY',
      first_date: '2001-01-05',
      last_date: dates[dates.length - 1],
    });
    expect(result.outflow_streams[0]?.transaction_ids).toHaveLength(dates.length);
  });
});
