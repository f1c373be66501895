import type pg from 'pg';
import type { Clock } from '../../clock.ts';
import type { RateBuckets } from '../shared-limits.ts';

const MINUTE_MS = 60_000;

/**
 * Token buckets in Postgres: one atomic INSERT ... ON CONFLICT DO UPDATE per request refills the
 * bucket for the time since its last use, takes a token when there is one and says whether it
 * did, so an allowance holds across every API replica. A bucket unused for a minute is full again,
 * which is what a missing row means, so such rows are purged now and then.
 */
export class PostgresRateBuckets implements RateBuckets {
  readonly perMinute: number;
  readonly #pool: pg.Pool;
  readonly #scope: string;
  readonly #clock: Clock;
  #purgedAtMs = Number.NEGATIVE_INFINITY;

  constructor(pool: pg.Pool, scope: string, perMinute: number, clock: Clock) {
    this.#pool = pool;
    this.#scope = scope;
    this.perMinute = perMinute;
    this.#clock = clock;
  }

  async take(id: string): Promise<number> {
    const now = Math.round(this.#clock.now().getTime());
    const perMs = this.perMinute / MINUTE_MS;
    if (now - this.#purgedAtMs >= MINUTE_MS) {
      this.#purgedAtMs = now;
      await this.#pool.query('DELETE FROM rate_buckets WHERE scope = $1 AND updated_ms <= $2', [
        this.#scope,
        now - MINUTE_MS,
      ]);
    }
    const refilled = 'least($3::float8, b.tokens + greatest(0, $4::bigint - b.updated_ms) * $5::float8)';
    const result = await this.#pool.query<{ granted: boolean; tokens: number }>(
      `INSERT INTO rate_buckets AS b (scope, bucket, tokens, updated_ms, granted)
       VALUES ($1, $2, $3::float8 - 1, $4::bigint, $3::float8 >= 1)
       ON CONFLICT (scope, bucket) DO UPDATE SET
         granted = ${refilled} >= 1,
         tokens = ${refilled} - CASE WHEN ${refilled} >= 1 THEN 1 ELSE 0 END,
         updated_ms = greatest(b.updated_ms, $4::bigint)
       RETURNING granted, tokens`,
      [this.#scope, id, this.perMinute, now, perMs],
    );
    const row = result.rows[0]!;
    if (row.granted) return 0;
    return Math.max(1, Math.ceil((1 - Number(row.tokens)) / perMs / 1000));
  }
}
