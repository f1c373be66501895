import { describe, expect, it } from 'vitest';
import { isoTextProblem } from '../../../core/schema/iso-text.ts';

describe('isoTextProblem: ISO-8601 text checked against the calendar', () => {
  it('accepts real dates and instants in the shapes the API documents', () => {
    for (const text of [
      '2026-11-01',
      '2028-02-29',
      '2000-02-29',
      '2026-11-01T09:30:00Z',
      '2026-11-01T09:30Z',
      '2026-11-01T23:59:59.999+02:00',
      '2026-11-01 09:30:00',
    ])
      expect(isoTextProblem(text), text).toBeUndefined();
  });

  it('names what is impossible instead of rolling it over', () => {
    expect(isoTextProblem('2026-02-30')).toBe('2026-02-30 is not a date: February 2026 has 28 days');
    expect(isoTextProblem('2100-02-29T00:00:00Z')).toBe(
      '2100-02-29 is not a date: February 2100 has 28 days',
    );
    expect(isoTextProblem('2026-06-31')).toBe('2026-06-31 is not a date: June 2026 has 30 days');
    expect(isoTextProblem('2026-00-10')).toBe('2026-00-10 is not a date: there is no month 00');
    expect(isoTextProblem('2026-11-01T24:00:00Z')).toMatch(/^24:00:00 is not a time of day/);
    expect(isoTextProblem('2026-11-01T10:60Z')).toMatch(/^10:60 is not a time of day/);
    expect(isoTextProblem('2026-11-01T10:00:00+24:00')).toMatch(/^\+24:00 is not a UTC offset/);
    expect(isoTextProblem('01/11/2026')).toMatch(/^not an ISO-8601 date or date-time such as 2026-11-01/);
    expect(isoTextProblem('2026-11-01T10:00:00Z trailing')).toMatch(/^not an ISO-8601/);
  });
});
