import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  addDays,
  bankHolidays,
  businessDaysBetween,
  isBusinessDay,
  monthlyDates,
  nextBusinessDay,
  previousBusinessDay,
  zonedDate,
  zonedInstant,
  zonedTime,
} from './banking-calendar.js';

const sorted = (year: number) => [...bankHolidays(year)].sort();

describe('Federal Reserve holidays', () => {
  it('lists the Fed calendar for 2025 and 2026 (a Saturday July 4 closes nothing)', () => {
    expect(sorted(2025)).toEqual([
      '2025-01-01',
      '2025-01-20',
      '2025-02-17',
      '2025-05-26',
      '2025-06-19',
      '2025-07-04',
      '2025-09-01',
      '2025-10-13',
      '2025-11-11',
      '2025-11-27',
      '2025-12-25',
    ]);
    expect(sorted(2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
    expect(isBusinessDay('2026-07-03')).toBe(true);
  });

  it('moves a Sunday holiday to Monday', () => {
    expect(bankHolidays(2022).has('2022-06-20')).toBe(true); // Juneteenth on a Sunday
    expect(bankHolidays(2022).has('2022-12-26')).toBe(true); // Christmas on a Sunday
    expect(bankHolidays(2023).has('2023-01-02')).toBe(true); // New Year's Day on a Sunday
    expect(bankHolidays(2021).has('2021-07-05')).toBe(true);
    expect(bankHolidays(2027).has('2027-07-05')).toBe(true);
    expect(isBusinessDay('2023-01-02')).toBe(false);
  });

  it('keeps the Friday before a Saturday holiday open', () => {
    expect(isBusinessDay('2021-12-31')).toBe(true); // New Year's Day 2022 was a Saturday
    expect(isBusinessDay('2027-12-31')).toBe(true); // and 2028's is too
    expect(sorted(2022)).not.toContain('2022-01-01');
    expect(isBusinessDay('2021-12-24')).toBe(true);
    expect(isBusinessDay('2023-11-10')).toBe(true);
    expect(isBusinessDay('2027-06-18')).toBe(true);
    expect(bankHolidays(2028).size).toBe(9); // Jan 1 and Nov 11 on Saturdays
  });

  it('closes for Juneteenth only from 2022', () => {
    expect(isBusinessDay('2021-06-18')).toBe(true);
    expect(bankHolidays(2021).size).toBe(9); // Christmas 2021 on a Saturday, no Juneteenth yet
    expect(isBusinessDay('2023-06-19')).toBe(false);
    expect(isBusinessDay('2024-06-19')).toBe(false);
  });
});

describe('business-day arithmetic', () => {
  it('steps over weekends and holidays both ways', () => {
    expect(nextBusinessDay('2026-01-17')).toBe('2026-01-20'); // Saturday before MLK Day
    expect(previousBusinessDay('2026-01-19')).toBe('2026-01-16');
    expect(addBusinessDays('2026-01-16', 1)).toBe('2026-01-20');
    expect(addBusinessDays('2026-01-17', 1)).toBe('2026-01-20');
    expect(addBusinessDays('2026-01-20', -1)).toBe('2026-01-16');
    expect(addBusinessDays('2025-12-24', 2)).toBe('2025-12-29');
    expect(addBusinessDays('2026-03-04', 0)).toBe('2026-03-04');
    expect(addBusinessDays('2026-01-02', 60)).toBe('2026-03-31');
  });

  it('counts business days after the first date up to the second', () => {
    expect(businessDaysBetween('2026-01-16', '2026-01-20')).toBe(1);
    expect(businessDaysBetween('2026-01-20', '2026-01-16')).toBe(-1);
    expect(businessDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
    expect(businessDaysBetween('2025-12-01', '2026-01-01')).toBe(21); // 22 weekdays less Christmas
    for (const n of [0, 1, 2, 5, 17, 60]) {
      expect(businessDaysBetween('2026-11-25', addBusinessDays('2026-11-25', n))).toBe(n);
    }
  });

  it('keeps the helpers the sandbox relies on', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(monthlyDates('2026-01-10', '2026-04-30', 31)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
  });
});

describe('Eastern Time', () => {
  it('puts 10:30 ET at 15:30 UTC in winter and 14:30 UTC in summer, across both 2026 changes', () => {
    expect(zonedInstant('2026-03-06', '10:30').toISOString()).toBe('2026-03-06T15:30:00.000Z');
    expect(zonedInstant('2026-03-09', '10:30').toISOString()).toBe('2026-03-09T14:30:00.000Z');
    expect(zonedInstant('2026-10-30', '10:30').toISOString()).toBe('2026-10-30T14:30:00.000Z');
    expect(zonedInstant('2026-11-02', '10:30').toISOString()).toBe('2026-11-02T15:30:00.000Z');
  });

  it('resolves the hours a change skips or repeats', () => {
    expect(zonedInstant('2026-03-08', '02:30').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedInstant('2026-03-08', '03:30').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedInstant('2026-11-01', '01:30').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(zonedInstant('2026-11-01', '03:00').toISOString()).toBe('2026-11-01T08:00:00.000Z');
  });

  it('reads the date and time New York shows', () => {
    const lateEvening = new Date('2026-07-01T03:30:00Z');
    expect(zonedDate(lateEvening)).toBe('2026-06-30');
    expect(zonedTime(lateEvening)).toBe('23:30:00');
    expect(zonedDate(new Date('2026-01-01T04:59:59Z'))).toBe('2025-12-31');
    expect(zonedDate(new Date('2026-01-01T05:00:00Z'))).toBe('2026-01-01');
    expect(() => zonedInstant('2026-13-01', '10:30')).toThrow(RangeError);
  });

  it('shows what Intl shows at any instant, across DST changes, in zones with odd offsets too', () => {
    const zones = ['America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'];
    // Swedish formats dates as ISO does: '2026-03-08 02:59:59'.
    const formats = new Map<string, Intl.DateTimeFormat>();
    const intl = (at: Date, timeZone: string) => {
      if (!formats.has(timeZone))
        formats.set(
          timeZone,
          new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium' }),
        );
      return (formats.get(timeZone) as Intl.DateTimeFormat).format(at);
    };
    // Each second around every quarter hour on which one of these zones changes its offset in 2026
    // (New York's, Lord Howe's half-hour shifts, St John's), and every 67 minutes through the year.
    const changes = ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-04-04T15:00:00Z'];
    changes.push('2026-10-03T15:30:00Z', '2026-03-08T05:30:00Z', '2026-11-01T04:30:00Z');
    const instants = changes.flatMap((iso) => [-1001, -1, 0, 1, 999].map((d) => Date.parse(iso) + d));
    for (
      let ms = Date.parse('2026-01-01T00:00:00Z');
      ms < Date.parse('2027-01-01T00:00:00Z');
      ms += 4_020_000
    )
      instants.push(ms);
    for (const timeZone of zones)
      for (const ms of instants) {
        const at = new Date(ms);
        expect(`${zonedDate(at, timeZone)} ${zonedTime(at, timeZone)}`).toBe(intl(at, timeZone));
      }
  });
});
