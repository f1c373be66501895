import type pg from 'pg';
import type { Clock } from '../../clock.ts';
import type { RequestLimiter } from '../shared-limits.ts';

/**
 * "At most N request starts in any W ms" for one key, counted in Postgres so every process and
 * host using the account stays under the provider's limit together. Each grant is one call of
 * scorebridge_window_acquire (migration 750), which records the start under the key's advisory
 * lock or says how long to wait. A pause ("slow down", Retry-After) is shared the same way.
 * Requests of this process are granted in call order, one database round trip at a time.
 */
export class PostgresWindowLimiter implements RequestLimiter {
  readonly #pool: pg.Pool;
  readonly #key: string;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;
  #chain: Promise<void> = Promise.resolve();
  #pausedUntil = 0;
  #pauseWrites: Promise<void> = Promise.resolve();
  #pauseFailure: unknown;

  constructor(
    pool: pg.Pool,
    key: string,
    options: { limit: number; windowMs: number; clock: Clock; sleep: (ms: number) => Promise<void> },
  ) {
    if (options.limit < 1) throw new Error('limit must be at least 1');
    this.#pool = pool;
    this.#key = key;
    this.#limit = options.limit;
    this.#windowMs = Math.round(options.windowMs);
    this.#clock = options.clock;
    this.#sleep = options.sleep;
  }

  acquire(): Promise<void> {
    const turn = this.#chain.then(() => this.#waitForSlot());
    this.#chain = turn.catch(() => undefined);
    return turn;
  }

  pause(ms: number): void {
    const until = Math.round(this.#clock.now().getTime() + ms);
    // This process honours the pause at once; the others once the row is written.
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
    this.#pauseWrites = this.#pauseWrites
      .then(() =>
        this.#pool.query(
          `INSERT INTO limit_pauses AS p (limit_key, paused_until_ms) VALUES ($1, $2)
           ON CONFLICT (limit_key) DO UPDATE SET paused_until_ms = greatest(p.paused_until_ms, EXCLUDED.paused_until_ms)`,
          [this.#key, until],
        ),
      )
      .then(
        () => undefined,
        (error: unknown) => {
          this.#pauseFailure = error;
        },
      );
  }

  async #waitForSlot(): Promise<void> {
    for (;;) {
      await this.#pauseWrites;
      if (this.#pauseFailure !== undefined) {
        const failure = this.#pauseFailure;
        this.#pauseFailure = undefined;
        throw failure;
      }
      const now = this.#clock.now().getTime();
      const localPause = this.#pausedUntil - now;
      if (localPause > 0) {
        await this.#sleep(localPause);
        continue;
      }
      const result = await this.#pool.query<{ wait: number }>(
        'SELECT scorebridge_window_acquire($1, $2, $3, $4) AS wait',
        [this.#key, Math.round(now), this.#windowMs, this.#limit],
      );
      const wait = Number(result.rows[0]?.wait ?? 0);
      if (wait <= 0) return;
      await this.#sleep(wait);
    }
  }
}
