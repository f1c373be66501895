import type pg from 'pg';
import type { Clock } from '../../clock.ts';
import type { QuotaTracker } from '../shared-limits.ts';

interface Observation {
  readonly limit: number | undefined;
  readonly remaining: number | undefined;
  readonly observedMs: number;
}

/** How often a process re-reads what the others observed; the headers of its own answers are immediate. */
const DEFAULT_REFRESH_MS = 1000;

/**
 * A daily allowance shared by every process using the account: the newest observation (by the
 * observing process's clock) wins in Postgres, and each process reads it back at most once per
 * `refreshMs` before a request. Checks stay synchronous on the local copy; writes are coalesced,
 * so a burst of answers costs one statement.
 */
export class PostgresDailyQuota implements QuotaTracker {
  readonly #pool: pg.Pool;
  readonly #key: string;
  readonly #reserveFraction: number;
  readonly #clock: Clock;
  readonly #refreshMs: number;
  #limit: number | undefined;
  #remaining: number | undefined;
  #readAtMs = Number.NEGATIVE_INFINITY;
  #unsent: Observation | undefined;
  #writer: Promise<void> | undefined;
  #writeFailure: unknown;

  constructor(
    pool: pg.Pool,
    key: string,
    options: { reserveFraction: number; clock: Clock; refreshMs?: number },
  ) {
    this.#pool = pool;
    this.#key = key;
    this.#reserveFraction = options.reserveFraction;
    this.#clock = options.clock;
    this.#refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
  }

  observe(limit: number | undefined, remaining: number | undefined): void {
    const known = (value: number | undefined) =>
      value !== undefined && Number.isFinite(value) ? Math.round(value) : undefined;
    const observation = {
      limit: known(limit),
      remaining: known(remaining),
      observedMs: Math.round(this.#clock.now().getTime()),
    };
    if (observation.limit !== undefined) this.#limit = observation.limit;
    if (observation.remaining !== undefined) this.#remaining = observation.remaining;
    if (observation.limit === undefined && observation.remaining === undefined) return;
    this.#unsent = {
      limit: observation.limit ?? this.#unsent?.limit,
      remaining: observation.remaining ?? this.#unsent?.remaining,
      observedMs: observation.observedMs,
    };
    this.#writer ??= this.#send().finally(() => {
      this.#writer = undefined;
    });
  }

  available(): number {
    if (this.#remaining === undefined) return Number.POSITIVE_INFINITY;
    const reserve = this.#limit === undefined ? 0 : Math.ceil(this.#limit * this.#reserveFraction);
    return Math.max(0, this.#remaining - reserve);
  }

  snapshot(): { limit: number | undefined; remaining: number | undefined } {
    return { limit: this.#limit, remaining: this.#remaining };
  }

  async refresh(): Promise<void> {
    await this.#writer;
    if (this.#writeFailure !== undefined) {
      const failure = this.#writeFailure;
      this.#writeFailure = undefined;
      throw failure;
    }
    const now = this.#clock.now().getTime();
    if (now - this.#readAtMs < this.#refreshMs) return;
    const result = await this.#pool.query<{ daily_limit: number | null; remaining: number | null }>(
      'SELECT daily_limit, remaining FROM limit_daily_quotas WHERE quota_key = $1',
      [this.#key],
    );
    this.#readAtMs = now;
    const row = result.rows[0];
    if (!row) return;
    if (row.daily_limit !== null) this.#limit = row.daily_limit;
    if (row.remaining !== null) this.#remaining = row.remaining;
  }

  async #send(): Promise<void> {
    while (this.#unsent) {
      const { limit, remaining, observedMs } = this.#unsent;
      this.#unsent = undefined;
      try {
        await this.#pool.query(
          `INSERT INTO limit_daily_quotas AS q (quota_key, daily_limit, remaining, observed_ms) VALUES ($1, $2, $3, $4)
           ON CONFLICT (quota_key) DO UPDATE SET
             daily_limit = coalesce(EXCLUDED.daily_limit, q.daily_limit),
             remaining = coalesce(EXCLUDED.remaining, q.remaining),
             observed_ms = EXCLUDED.observed_ms
           WHERE EXCLUDED.observed_ms >= q.observed_ms`,
          [this.#key, limit ?? null, remaining ?? null, observedMs],
        );
      } catch (error) {
        this.#writeFailure = error;
      }
    }
  }
}
