import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEND_DAYS,
  DELIVERY_POLICY_DEFAULTS,
  deliveryPolicySchema,
  parseTimeRange,
} from '../../../../workflows/policy/index.ts';

function issues(input: unknown): string[] {
  const result = deliveryPolicySchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('deliveryPolicySchema', () => {
  it('fills every default explicitly', () => {
    expect(DELIVERY_POLICY_DEFAULTS).toEqual({
      fallbackTimeZone: 'UTC',
      sendWindow: '09:00-17:00',
      quietHours: [],
      sendDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      businessDays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidayCalendars: {},
      applyHolidayCalendars: [],
      deferral: 'keep-time-of-day',
    });
  });
  it('does not share default arrays between parses', () => {
    const first = deliveryPolicySchema.parse({});
    first.sendDays.push('sat');
    expect(deliveryPolicySchema.parse({}).sendDays).toEqual([...DEFAULT_SEND_DAYS]);
  });
  it('rejects a zone that is not IANA, saying where', () => {
    expect(issues({ fallbackTimeZone: '(GMT-08:00) Pacific' })[0]).toMatch(
      /^fallbackTimeZone: not an IANA time zone/,
    );
  });
  it('rejects malformed and empty windows', () => {
    expect(issues({ sendWindow: '9-17' })[0]).toContain('"9" in "9-17" is not a 24-hour time');
    expect(issues({ quietHours: ['12:00-12:00'] })[0]).toContain(
      'quietHours.0: "12:00-12:00" is an empty range',
    );
    expect(issues({ sendWindow: '0900 to 1700' })[0]).toContain('write it as "HH:MM-HH:MM"');
  });
  it('rejects impossible holiday dates and unknown calendars', () => {
    expect(issues({ holidayCalendars: { es: ['2026-02-30'] } })[0]).toContain('holidayCalendars.es.0');
    expect(issues({ applyHolidayCalendars: ['us'] })[0]).toBe(
      'applyHolidayCalendars.0: holiday calendar "us" is not defined in holidayCalendars (defined: none)',
    );
  });
  it('rejects unknown keys', () => {
    expect(issues({ sendWindows: '09:00-17:00' })).toHaveLength(1);
  });
});

describe('parseTimeRange', () => {
  it('splits ranges that wrap midnight', () => {
    expect(parseTimeRange('09:00-17:30')).toEqual([[540, 1050]]);
    expect(parseTimeRange('22:00-06:00')).toEqual([
      [1320, 1440],
      [0, 360],
    ]);
    expect(parseTimeRange('22:00-24:00')).toEqual([[1320, 1440]]);
  });
});
