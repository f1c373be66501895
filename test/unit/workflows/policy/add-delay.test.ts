import { describe, expect, it } from 'vitest';
import { addBusinessDays, addDelay } from '../../../../workflows/policy/index.ts';
import { at, policy } from './helpers.ts';

const madrid = 'Europe/Madrid';
const newYork = 'America/New_York';
const spain = policy({ holidayCalendars: { es: ['2026-01-06'] }, applyHolidayCalendars: ['es'] });

function later(
  startIso: string,
  amount: number,
  unit: 'hours' | 'days' | 'business_days',
  zone = madrid,
): string {
  return addDelay(at(startIso), { amount, unit }, spain, zone).toISOString();
}

describe('addDelay', () => {
  it('adds hours as elapsed time', () => {
    expect(later('2026-01-12T10:00:00Z', 2.5, 'hours')).toBe('2026-01-12T12:30:00.000Z');
  });
  it('adds calendar days including weekends', () => {
    expect(later('2026-01-16T09:00:00Z', 2, 'days')).toBe('2026-01-18T09:00:00.000Z');
  });
  it('returns the start for a zero delay', () => {
    expect(later('2026-01-17T09:00:00Z', 0, 'business_days')).toBe('2026-01-17T09:00:00.000Z');
  });
  it('skips the weekend for business days, keeping the local time', () => {
    expect(later('2026-01-16T09:00:00Z', 1, 'business_days')).toBe('2026-01-19T09:00:00.000Z');
  });
  it('counts Monday as the first business day after a Saturday', () => {
    expect(later('2026-01-17T09:00:00Z', 1, 'business_days')).toBe('2026-01-19T09:00:00.000Z');
  });
  it('skips applied holidays for business days', () => {
    expect(later('2026-01-05T09:00:00Z', 2, 'business_days')).toBe('2026-01-08T09:00:00.000Z');
    expect(addBusinessDays('2026-01-05', 2, policy())).toBe('2026-01-07');
  });
  it('rejects fractional day delays with a hint', () => {
    expect(() => later('2026-01-12T10:00:00Z', 1.5, 'days')).toThrow(/use hours for fractions/);
  });
  it('keeps 09:00 local across Madrid spring-forward but hours do not', () => {
    expect(later('2026-03-28T08:00:00Z', 1, 'days')).toBe('2026-03-29T07:00:00.000Z');
    expect(later('2026-03-28T08:00:00Z', 24, 'hours')).toBe('2026-03-29T08:00:00.000Z');
  });
  it('maps a day delay into the Madrid spring-forward gap to 03:00 CEST', () => {
    expect(later('2026-03-28T01:30:00Z', 1, 'days')).toBe('2026-03-29T01:00:00.000Z');
  });
  it('keeps 09:00 local across Madrid fall-back', () => {
    expect(later('2026-10-24T07:00:00Z', 1, 'days')).toBe('2026-10-25T08:00:00.000Z');
  });
  it('maps a day delay into the Madrid fall-back overlap to its first occurrence', () => {
    expect(later('2026-10-24T00:30:00Z', 1, 'days')).toBe('2026-10-25T00:30:00.000Z');
  });
  it('keeps 09:00 local across New York spring-forward and fall-back', () => {
    expect(later('2026-03-07T14:00:00Z', 1, 'days', newYork)).toBe('2026-03-08T13:00:00.000Z');
    expect(later('2026-10-30T13:00:00Z', 1, 'business_days', newYork)).toBe('2026-11-02T14:00:00.000Z');
  });
});
