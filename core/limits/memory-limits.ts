import type { Clock } from '../clock.ts';
import { DailyQuota } from './daily-quota.ts';
import type { CrmLimits, QuotaTracker, RequestLimiter } from './shared-limits.ts';
import { RollingWindowLimiter } from './window-limiter.ts';

/**
 * CRM limits kept in this process's memory: right for one process on one SQLite store. Every
 * connector given the same instance shares the limiters of an account key.
 */
export class MemoryCrmLimits implements CrmLimits {
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #limiters = new Map<string, RequestLimiter>();
  readonly #quotas = new Map<string, QuotaTracker>();

  constructor(clock: Clock, sleep: (ms: number) => Promise<void>) {
    this.#clock = clock;
    this.#sleep = sleep;
  }

  windowLimiter(key: string, window: { limit: number; windowMs: number }): RequestLimiter {
    let limiter = this.#limiters.get(key);
    if (!limiter) {
      limiter = new RollingWindowLimiter({ ...window, clock: this.#clock, sleep: this.#sleep });
      this.#limiters.set(key, limiter);
    }
    return limiter;
  }

  dailyQuota(key: string, reserveFraction: number): QuotaTracker {
    let quota = this.#quotas.get(key);
    if (!quota) {
      quota = new DailyQuota(reserveFraction);
      this.#quotas.set(key, quota);
    }
    return quota;
  }
}
