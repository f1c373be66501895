import { describe, expect, it } from 'vitest';
import { nextSendableInstant, resolveTimeZone } from '../../../../workflows/policy/index.ts';
import { ALL_DAYS, at, policy } from './helpers.ts';

const madrid = 'Europe/Madrid';
const newYork = 'America/New_York';

function next(
  nowIso: string,
  overrides: Parameters<typeof policy>[0],
  zone: string | null = madrid,
): string | undefined {
  return nextSendableInstant(at(nowIso), policy(overrides), zone)?.toISOString();
}

describe('send window in the contact zone', () => {
  it('keeps an instant already inside the window, to the millisecond', () => {
    expect(next('2026-01-12T10:15:30.500Z', {})).toBe('2026-01-12T10:15:30.500Z');
  });
  it('waits for the window to open in local time (09:00 CET = 08:00Z)', () => {
    expect(next('2026-01-12T07:00:00Z', {})).toBe('2026-01-12T08:00:00.000Z');
  });
  it('treats the window end as exclusive and rolls to the next day', () => {
    expect(next('2026-01-12T16:00:00Z', {})).toBe('2026-01-13T08:00:00.000Z');
  });
  it('applies the same wall-clock window to a New York contact', () => {
    expect(next('2026-01-12T08:00:00Z', {}, newYork)).toBe('2026-01-12T14:00:00.000Z');
  });
  it('supports a window that wraps midnight', () => {
    expect(next('2026-01-12T12:00:00Z', { sendWindow: '22:00-06:00', sendDays: [...ALL_DAYS] })).toBe(
      '2026-01-12T21:00:00.000Z',
    );
  });
});

describe('fallback zone', () => {
  const withFallback = { fallbackTimeZone: newYork };
  it('uses the fallback when the contact zone is missing', () => {
    expect(next('2026-01-12T12:00:00Z', withFallback, null)).toBe('2026-01-12T14:00:00.000Z');
  });
  it('uses the fallback when the contact zone is not IANA', () => {
    expect(next('2026-01-12T12:00:00Z', withFallback, '(GMT-08:00) Pacific')).toBe(
      '2026-01-12T14:00:00.000Z',
    );
    expect(resolveTimeZone('Mars/Olympus', policy(withFallback))).toEqual({
      zone: newYork,
      fallbackReason: 'contact time zone "Mars/Olympus" is not an IANA zone; using fallback America/New_York',
    });
  });
  it('keeps a valid contact zone', () => {
    expect(resolveTimeZone('Canada/Pacific', policy(withFallback))).toEqual({ zone: 'Canada/Pacific' });
  });
});

describe('weekends and holidays', () => {
  it('moves a Friday evening send to Monday window start', () => {
    expect(next('2026-01-16T17:00:00Z', {})).toBe('2026-01-19T08:00:00.000Z');
  });
  it('keeps the time of day when deferring a Saturday send (HubSpot sequences)', () => {
    expect(next('2026-01-17T09:15:00Z', {})).toBe('2026-01-19T09:15:00.000Z');
  });
  it('opens at window start instead when deferral is window-start', () => {
    expect(next('2026-01-17T09:15:00Z', { deferral: 'window-start' })).toBe('2026-01-19T08:00:00.000Z');
  });
  it('does not lose an extra day when the kept time is after the window', () => {
    expect(next('2026-01-17T19:00:00Z', {})).toBe('2026-01-19T08:00:00.000Z');
  });
  const spain = { holidayCalendars: { es: ['2026-01-06', '2026-04-03'] }, applyHolidayCalendars: ['es'] };
  it('skips an applied holiday keeping the time of day', () => {
    expect(next('2026-01-06T09:00:00Z', spain)).toBe('2026-01-07T09:00:00.000Z');
  });
  it('ignores calendars that are defined but not applied', () => {
    expect(next('2026-01-06T09:00:00Z', { holidayCalendars: spain.holidayCalendars })).toBe(
      '2026-01-06T09:00:00.000Z',
    );
  });
  it('chains window close, Good Friday and the weekend (CEST)', () => {
    expect(next('2026-04-02T16:00:00Z', spain)).toBe('2026-04-06T07:00:00.000Z');
  });
  it('judges the holiday by the contact local date, not the UTC date', () => {
    // 2026-01-05T23:30Z is already 00:30 on the 6th in Madrid but still the 5th in New York.
    const both = { ...spain, sendWindow: null };
    expect(next('2026-01-05T23:30:00Z', both, madrid)).toBe('2026-01-06T23:30:00.000Z');
    expect(next('2026-01-05T23:30:00Z', both, newYork)).toBe('2026-01-05T23:30:00.000Z');
  });
});

describe('quiet hours', () => {
  it('carves quiet hours out of the window', () => {
    const lunch = { sendWindow: '08:00-20:00', quietHours: ['12:00-13:00'] };
    expect(next('2026-01-12T11:15:00Z', lunch)).toBe('2026-01-12T12:00:00.000Z');
    expect(next('2026-01-12T10:59:00Z', lunch)).toBe('2026-01-12T10:59:00.000Z');
  });
  it('handles quiet hours that wrap midnight with no window', () => {
    const nights = { sendWindow: null, quietHours: ['19:00-09:30'], sendDays: [...ALL_DAYS] };
    expect(next('2026-01-12T19:00:00Z', nights)).toBe('2026-01-13T08:30:00.000Z');
  });
  it('returns null when quiet hours cover the whole day', () => {
    expect(next('2026-01-12T10:00:00Z', { quietHours: ['00:00-24:00'] })).toBeUndefined();
  });
});

describe('DST: Europe/Madrid', () => {
  const everyDay = { sendDays: [...ALL_DAYS] };
  it('spring-forward 2026-03-29: a window opening inside the gap opens when clocks jump (03:00 CEST)', () => {
    expect(next('2026-03-29T00:00:00Z', { ...everyDay, sendWindow: '02:30-06:00' })).toBe(
      '2026-03-29T01:00:00.000Z',
    );
  });
  it('spring-forward: a kept 02:30 time of day lands at the end of the gap', () => {
    const noSaturday = { sendWindow: null, sendDays: ALL_DAYS.filter((d) => d !== 'sat') };
    expect(next('2026-03-28T01:30:00Z', noSaturday)).toBe('2026-03-29T01:00:00.000Z');
  });
  it('spring-forward: 09:00 on the switch day is 07:00Z (CEST)', () => {
    expect(next('2026-03-28T20:00:00Z', everyDay)).toBe('2026-03-29T07:00:00.000Z');
  });
  it('fall-back 2026-10-25: 02:30 resolves to its first occurrence (CEST)', () => {
    const night = { ...everyDay, sendWindow: null, quietHours: ['00:00-02:30'] };
    expect(next('2026-10-24T22:30:00Z', night)).toBe('2026-10-25T00:30:00.000Z');
  });
  it('fall-back: inside the repeated hour it never goes back to the first pass', () => {
    const quiet = { ...everyDay, sendWindow: null, quietHours: ['02:00-02:20'] };
    expect(next('2026-10-25T01:10:00Z', quiet)).toBe('2026-10-25T01:20:00.000Z');
  });
  it('fall-back: 09:00 on the switch day is 08:00Z (CET)', () => {
    expect(next('2026-10-24T20:00:00Z', everyDay)).toBe('2026-10-25T08:00:00.000Z');
  });
});

describe('DST: America/New_York', () => {
  const everyDay = { sendDays: [...ALL_DAYS] };
  it('spring-forward 2026-03-08: a kept 02:30 lands at 03:00 EDT', () => {
    const noSaturday = { sendWindow: null, sendDays: ALL_DAYS.filter((d) => d !== 'sat') };
    expect(next('2026-03-07T07:30:00Z', noSaturday, newYork)).toBe('2026-03-08T07:00:00.000Z');
  });
  it('spring-forward: 09:00 on the switch day is 13:00Z (EDT)', () => {
    expect(next('2026-03-08T03:00:00Z', everyDay, newYork)).toBe('2026-03-08T13:00:00.000Z');
  });
  it('fall-back 2026-11-01: quiet 01:00-01:30 ends in the pass the contact is in', () => {
    const quiet = { ...everyDay, sendWindow: null, quietHours: ['01:00-01:30'] };
    expect(next('2026-11-01T05:10:00Z', quiet, newYork)).toBe('2026-11-01T05:30:00.000Z');
    expect(next('2026-11-01T06:10:00Z', quiet, newYork)).toBe('2026-11-01T06:30:00.000Z');
  });
  it('fall-back: 09:00 on the switch day is 14:00Z (EST)', () => {
    expect(next('2026-10-31T23:00:00Z', everyDay, newYork)).toBe('2026-11-01T14:00:00.000Z');
  });
});
