import type { Clock } from '../clock.ts';
import { ConnectorError } from '../connectors/destination.ts';
import { fullJitterDelay } from './backoff.ts';

export interface RetryPolicy {
  /** Retries allowed for 5xx / network errors per call. */
  readonly transientRetries: number;
  /** Retries allowed for 429 / quota responses per call (separate: throttling is not failure). */
  readonly rateLimitRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  transientRetries: 4,
  rateLimitRetries: 8,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
};

export interface RetryDeps {
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly onRetry?: (info: {
    attempt: number;
    kind: 'transient' | 'rate_limited';
    delayMs: number;
    error: ConnectorError;
  }) => void;
}

/**
 * Runs `call`, retrying ConnectorErrors by kind on separate budgets: a server asking us to slow
 * down (Retry-After honoured exactly) never eats the budget meant for outages, and invalid or
 * permanent errors are never retried. Only use for idempotent calls, or calls made idempotent by key.
 */
export async function withRetries<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  deps: RetryDeps,
): Promise<T> {
  let transient = 0;
  let limited = 0;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ConnectorError) || !error.retryable) throw error;
      let delayMs: number;
      if (error.kind === 'rate_limited') {
        if (limited >= policy.rateLimitRetries) throw error;
        delayMs =
          error.retryAfterMs ??
          fullJitterDelay(limited, policy.baseDelayMs * 4, policy.maxDelayMs, deps.random);
        limited++;
      } else {
        if (transient >= policy.transientRetries) throw error;
        delayMs = fullJitterDelay(transient, policy.baseDelayMs, policy.maxDelayMs, deps.random);
        transient++;
      }
      deps.onRetry?.({
        attempt: transient + limited,
        kind: error.kind as 'transient' | 'rate_limited',
        delayMs,
        error,
      });
      await deps.sleep(delayMs);
    }
  }
}
