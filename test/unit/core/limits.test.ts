import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/clock.ts';
import { ConnectorError } from '../../../core/connectors/destination.ts';
import { fullJitterDelay, parseRetryAfter } from '../../../core/limits/backoff.ts';
import { DailyQuota } from '../../../core/limits/daily-quota.ts';
import { defaultRetryPolicy, withRetries } from '../../../core/limits/retry-budget.ts';
import { RollingWindowLimiter } from '../../../core/limits/window-limiter.ts';

function fakeTime() {
  const clock = new FixedClock('2026-01-01T00:00:00Z');
  const slept: number[] = [];
  const sleep = async (ms: number) => {
    slept.push(ms);
    clock.advance(ms);
  };
  return { clock, slept, sleep };
}

describe('backoff', () => {
  it('keeps full-jitter delays within the exponential ceiling and the cap', () => {
    expect(fullJitterDelay(3, 100, 10_000, () => 0.999)).toBe(799);
    expect(fullJitterDelay(20, 100, 10_000, () => 0.5)).toBe(5000);
    expect(fullJitterDelay(0, 100, 10_000, () => 0)).toBe(0);
  });
  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('withRetries', () => {
  it('honours Retry-After exactly and keeps 429s off the transient budget', async () => {
    const { clock, slept, sleep } = fakeTime();
    const errors = [
      new ConnectorError('429', { kind: 'rate_limited', retryAfterMs: 1500 }),
      new ConnectorError('429', { kind: 'rate_limited', retryAfterMs: 2000 }),
      new ConnectorError('503', { kind: 'transient' }),
    ];
    const result = await withRetries(
      async () => {
        const next = errors.shift();
        if (next) throw next;
        return 'done';
      },
      { ...defaultRetryPolicy, transientRetries: 1 },
      { clock, sleep, random: () => 0.5 },
    );
    expect(result).toBe('done');
    expect(slept.slice(0, 2)).toEqual([1500, 2000]);
  });

  it('gives up when the transient budget is spent and never retries invalid input', async () => {
    const { clock, sleep } = fakeTime();
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new ConnectorError('500', { kind: 'transient' });
        },
        { ...defaultRetryPolicy, transientRetries: 2 },
        { clock, sleep, random: () => 0.5 },
      ),
    ).rejects.toThrow('500');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw new ConnectorError('bad email', { kind: 'invalid' });
        },
        defaultRetryPolicy,
        { clock, sleep, random: () => 0.5 },
      ),
    ).rejects.toThrow('bad email');
    expect(calls).toBe(1);
  });
});

describe('RollingWindowLimiter', () => {
  it('never starts more than N requests in any window, and respects pauses', async () => {
    const { clock, sleep } = fakeTime();
    const limiter = new RollingWindowLimiter({ limit: 3, windowMs: 10_000, clock, sleep });
    const starts: number[] = [];
    for (let i = 0; i < 7; i++) {
      await limiter.acquire();
      starts.push(clock.now().getTime() - Date.parse('2026-01-01T00:00:00Z'));
    }
    expect(starts).toEqual([0, 0, 0, 10_000, 10_000, 10_000, 20_000]);
    limiter.pause(5000);
    await limiter.acquire();
    expect(clock.now().getTime() - Date.parse('2026-01-01T00:00:00Z')).toBe(25_000);
  });
});

describe('DailyQuota', () => {
  it('keeps a reserve of the daily limit for other integrations', () => {
    const quota = new DailyQuota(0.1);
    expect(quota.available()).toBe(Number.POSITIVE_INFINITY);
    quota.observe(625_000, 100_000);
    expect(quota.available()).toBe(37_500);
    quota.observe(undefined, 10_000);
    expect(quota.available()).toBe(0);
  });
});
