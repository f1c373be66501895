import { describe, expect, it } from 'vitest';
import { safetySchema } from '../../../../app/config/safety.ts';
import {
  ageInWords,
  type DataFreshness,
  defaultAsOf,
  staleness,
} from '../../../../app/safety/data-freshness.ts';

const DAY = 86_400_000;

function reading(
  newestAt: string | null,
  lastSyncAt: string | null,
  now = '2026-11-05T12:00:00.000Z',
): DataFreshness {
  return { newestAt, source: newestAt ? 'events' : 'none', lastSyncAt, now };
}

describe('the default as-of: the end of the latest complete day of data', () => {
  it('is the midnight after the newest event once a sync finished after that day ended', () => {
    const chosen = defaultAsOf(reading('2026-10-31T23:59:07.000Z', '2026-12-07T12:25:03.000Z'));
    expect(chosen.asOf).toBe('2026-11-01T00:00:00.000Z');
    expect(chosen.reason).toMatch(/the end of 2026-10-31, the day of the newest event/);
  });

  it('stops at the day before when the newest day may still be filling', () => {
    const chosen = defaultAsOf(reading('2026-11-05T09:12:00.000Z', '2026-11-05T09:15:00.000Z'));
    expect(chosen.asOf).toBe('2026-11-05T00:00:00.000Z');
    expect(chosen.reason).toMatch(/the end of 2026-11-04: the newest event is from 2026-11-05/);
    expect(defaultAsOf(reading('2026-11-05T09:12:00.000Z', null)).asOf).toBe('2026-11-05T00:00:00.000Z');
  });

  it('falls back to now for an empty store, and says so', () => {
    const chosen = defaultAsOf(reading(null, null));
    expect(chosen.asOf).toBe('2026-11-05T12:00:00.000Z');
    expect(chosen.reason).toMatch(/no data/);
  });
});

describe('staleness', () => {
  it('is stale only beyond the limit, measured at the injected now', () => {
    const limit = 2 * DAY;
    expect(staleness(reading('2026-11-03T12:00:00.000Z', null), limit).stale).toBe(false);
    const old = staleness(reading('2026-11-03T11:59:00.000Z', null), limit);
    expect(old).toMatchObject({ stale: true, ageMs: 2 * DAY + 60_000, limitMs: limit });
    expect(staleness(reading('2026-01-01T00:00:00.000Z', null), null).stale).toBe(false);
    expect(staleness(reading(null, null), limit).stale).toBe(false);
  });

  it('says an age in days and hours', () => {
    expect(ageInWords(36 * DAY + 14 * 3_600_000 + 59_000)).toBe('36 days 14 hours');
    expect(ageInWords(2 * DAY)).toBe('2 days');
    expect(ageInWords(3_600_000)).toBe('1 hour');
    expect(ageInWords(12 * 60_000)).toBe('12 minutes');
  });
});

describe('safety config', () => {
  it('defaults to two days of data age and a 20 % tier-change share, drift and promotion gates on', () => {
    expect(safetySchema.parse(undefined)).toEqual({
      maxDataAge: 2 * DAY,
      maxTierChangeShare: 0.2,
      holdOnDriftAlert: true,
      holdOnUnpromotedModel: true,
    });
  });

  it('reads durations and shares as people write them, and "off"', () => {
    expect(safetySchema.parse({ maxDataAge: '36h', maxTierChangeShare: '35%' })).toMatchObject({
      maxDataAge: 36 * 3_600_000,
      maxTierChangeShare: 0.35,
    });
    expect(safetySchema.parse({ maxDataAge: '1w', maxTierChangeShare: 0.5 })).toMatchObject({
      maxDataAge: 7 * DAY,
      maxTierChangeShare: 0.5,
    });
    expect(safetySchema.parse({ maxDataAge: 'off', maxTierChangeShare: 'off' })).toMatchObject({
      maxDataAge: null,
      maxTierChangeShare: null,
    });
  });

  it('refuses what it cannot read, saying what it expects', () => {
    const bad = safetySchema.safeParse({ maxDataAge: '2 days', maxTierChangeShare: '120%' });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
    expect(messages).toMatch(/maxDataAge: .*"36h", "2d" or "1w"/);
    expect(messages).toMatch(/maxTierChangeShare: a share is at most 100%/);
    expect(safetySchema.safeParse({ maxTierChangeShare: 1.5 }).success).toBe(false);
    expect(safetySchema.safeParse({ maxAge: '2d' }).success).toBe(false);
  });
});
