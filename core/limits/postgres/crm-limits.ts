import type pg from 'pg';
import type { Clock } from '../../clock.ts';
import type { CrmLimits, QuotaTracker, RequestLimiter } from '../shared-limits.ts';
import { PostgresDailyQuota } from './daily-quota.ts';
import { PostgresWindowLimiter } from './window-limiter.ts';

/**
 * CRM limits shared through Postgres by every process of a deployment, per account key (callers name each
 * limit of an account apart, e.g. `<account>:general` and `<account>:search`). Within
 * this process one limiter per key, so its requests queue locally before asking the database.
 */
export class PostgresCrmLimits implements CrmLimits {
  readonly #pool: pg.Pool;
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #limiters = new Map<string, RequestLimiter>();
  readonly #quotas = new Map<string, QuotaTracker>();

  constructor(pool: pg.Pool, clock: Clock, sleep: (ms: number) => Promise<void>) {
    this.#pool = pool;
    this.#clock = clock;
    this.#sleep = sleep;
  }

  windowLimiter(key: string, window: { limit: number; windowMs: number }): RequestLimiter {
    let limiter = this.#limiters.get(key);
    if (!limiter) {
      limiter = new PostgresWindowLimiter(this.#pool, key, {
        ...window,
        clock: this.#clock,
        sleep: this.#sleep,
      });
      this.#limiters.set(key, limiter);
    }
    return limiter;
  }

  dailyQuota(key: string, reserveFraction: number): QuotaTracker {
    let quota = this.#quotas.get(key);
    if (!quota) {
      quota = new PostgresDailyQuota(this.#pool, key, { reserveFraction, clock: this.#clock });
      this.#quotas.set(key, quota);
    }
    return quota;
  }
}
