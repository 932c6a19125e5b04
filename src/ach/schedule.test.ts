import { describe, expect, it } from 'vitest';
import { zonedInstant } from '../lib/banking-calendar.js';
import {
  type AchSpeed,
  FEDACH_SCHEDULE,
  isSameDayEligible,
  nextAchWindow,
  type Schedule,
} from './schedule.js';

const et = (date: string, time: string) => zonedInstant(date, time);

function timing(date: string, time: string, speed: AchSpeed, schedule?: Schedule) {
  const t = nextAchWindow(et(date, time), speed, schedule);
  return {
    window: t.window.name,
    cutoffAt: t.cutoffAt.toISOString(),
    effectiveEntryDate: t.effectiveEntryDate,
    settlementAt: t.settlementAt.toISOString(),
  };
}

describe('nextAchWindow', () => {
  it('puts a morning same-day request in the 10:30 window, settling at 13:00 the same day', () => {
    expect(timing('2026-03-04', '09:00', 'same_day')).toEqual({
      window: 'same_day_1',
      cutoffAt: '2026-03-04T15:30:00.000Z',
      effectiveEntryDate: '2026-03-04',
      settlementAt: '2026-03-04T18:00:00.000Z',
    });
  });

  it('makes a window exactly at its cut-off and misses it a minute later', () => {
    expect(timing('2026-03-04', '10:30', 'same_day').window).toBe('same_day_1');
    expect(timing('2026-03-04', '10:31', 'same_day').window).toBe('same_day_2');
    expect(timing('2026-03-04', '14:46', 'same_day')).toMatchObject({
      window: 'same_day_3',
      settlementAt: '2026-03-04T23:00:00.000Z',
    });
  });

  it('dates a standard request for the next banking day, settling at 08:30', () => {
    expect(timing('2026-03-04', '09:00', 'standard')).toEqual({
      window: 'next_day',
      cutoffAt: '2026-03-05T07:15:00.000Z',
      effectiveEntryDate: '2026-03-05',
      settlementAt: '2026-03-05T13:30:00.000Z',
    });
  });

  it('sends a same-day request after the last window to the next morning’s settlement', () => {
    expect(timing('2026-03-04', '17:00', 'same_day')).toMatchObject({
      window: 'next_day',
      effectiveEntryDate: '2026-03-05',
      settlementAt: '2026-03-05T13:30:00.000Z',
    });
    // Before 02:15 the night's next-day window still settles that very morning.
    expect(timing('2026-03-05', '01:00', 'same_day')).toMatchObject({
      window: 'next_day',
      effectiveEntryDate: '2026-03-05',
    });
  });

  it('skips weekends and Fed holidays', () => {
    expect(timing('2026-01-16', '17:00', 'same_day').effectiveEntryDate).toBe('2026-01-20'); // MLK Day
    expect(timing('2026-01-17', '11:00', 'standard').effectiveEntryDate).toBe('2026-01-20');
    expect(timing('2025-12-24', '16:50', 'standard').effectiveEntryDate).toBe('2025-12-26');
    expect(timing('2026-07-03', '09:00', 'same_day').effectiveEntryDate).toBe('2026-07-03'); // open
  });

  it('follows Eastern daylight saving time across both changes', () => {
    // Friday before spring-forward: EST; the Monday after: EDT.
    expect(timing('2026-03-06', '16:00', 'same_day').cutoffAt).toBe('2026-03-06T21:45:00.000Z');
    expect(timing('2026-03-07', '12:00', 'standard').cutoffAt).toBe('2026-03-09T06:15:00.000Z');
    expect(timing('2026-03-09', '12:00', 'same_day').cutoffAt).toBe('2026-03-09T18:45:00.000Z');
    // Friday before fall-back: EDT; the Monday after: EST.
    expect(timing('2026-10-30', '12:00', 'same_day').cutoffAt).toBe('2026-10-30T18:45:00.000Z');
    expect(timing('2026-10-30', '20:00', 'standard')).toMatchObject({
      cutoffAt: '2026-11-02T07:15:00.000Z',
      settlementAt: '2026-11-02T13:30:00.000Z',
    });
  });

  it('takes a bank’s own schedule with a cut-off the banking day before settlement', () => {
    const bank: Schedule = {
      ...FEDACH_SCHEDULE,
      windows: [
        {
          name: 'bank_next_day',
          speed: 'standard',
          cutoff: '17:00',
          cutoffDaysBefore: 1,
          settlement: '08:30',
        },
      ],
    };
    expect(timing('2026-03-06', '16:59', 'standard', bank)).toMatchObject({
      cutoffAt: '2026-03-06T22:00:00.000Z',
      effectiveEntryDate: '2026-03-09',
    });
    expect(timing('2026-03-06', '17:01', 'standard', bank).effectiveEntryDate).toBe('2026-03-10');
    expect(timing('2026-03-06', '17:01', 'same_day', bank).window).toBe('bank_next_day');
  });

  it('knows the Same Day limit of $1,000,000 an entry', () => {
    expect(isSameDayEligible(1_000_000_00)).toBe(true);
    expect(isSameDayEligible(1_000_000_01)).toBe(false);
  });
});
