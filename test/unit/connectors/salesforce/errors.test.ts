import { describe, expect, it } from 'vitest';
import { classifySalesforceError, DailyLimitError } from '../../../../connectors/salesforce/errors.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { defaultRetryPolicy, withRetries } from '../../../../core/limits/retry-budget.ts';

const apiError = (errorCode: string, message: string) =>
  Object.assign(new Error(message), { name: errorCode, errorCode });

describe('Salesforce error classification', () => {
  it('tells the daily limit from the concurrency limit', () => {
    const daily = classifySalesforceError(
      apiError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
      'queryMore',
    );
    expect(daily).toBeInstanceOf(DailyLimitError);
    expect(daily.retryable).toBe(false);
    expect(daily.message).toContain('resumes from there');
    const concurrent = classifySalesforceError(
      apiError('REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.'),
      'query',
    );
    expect(concurrent.kind).toBe('rate_limited');
    expect(concurrent.retryable).toBe(true);
  });

  it('classifies sessions, outages, network errors and bad requests', () => {
    expect(
      classifySalesforceError(
        new Error('Unable to refresh session due to: expired access/refresh token'),
        'query',
      ).kind,
    ).toBe('auth');
    expect(classifySalesforceError(apiError('SERVER_UNAVAILABLE', 'down'), 'query').kind).toBe('transient');
    expect(classifySalesforceError(apiError('ERROR_HTTP_502', '<html>'), 'query').kind).toBe('transient');
    expect(classifySalesforceError(new TypeError('fetch failed'), 'query').kind).toBe('transient');
    expect(classifySalesforceError(apiError('MALFORMED_QUERY', 'bad'), 'query').kind).toBe('invalid');
    expect(classifySalesforceError(apiError('INSUFFICIENT_ACCESS_OR_READONLY', 'no'), 'create').kind).toBe(
      'permanent',
    );
  });

  it('is not retried by withRetries when the daily allowance is gone', async () => {
    let calls = 0;
    const call = () => {
      calls++;
      return Promise.reject(new DailyLimitError('spent'));
    };
    const deps = { clock: new FixedClock('2026-01-01T00:00:00Z'), sleep: async () => {}, random: () => 0.5 };
    await expect(withRetries(call, defaultRetryPolicy, deps)).rejects.toBeInstanceOf(DailyLimitError);
    expect(calls).toBe(1);
  });
});
