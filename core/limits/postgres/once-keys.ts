import type pg from 'pg';
import type { OnceKeys } from '../shared-limits.ts';

/** Expired keys are deleted at most this often per process, by whichever request comes along. */
const PURGE_EVERY_MS = 60_000;

/**
 * Keys remembered in Postgres until they expire, so a key added through any process is a repeat
 * for every other. One INSERT ... ON CONFLICT per call decides atomically: a row is returned only
 * for keys that were absent or expired (an expired row is taken over in place).
 */
export class PostgresOnceKeys implements OnceKeys {
  readonly #pool: pg.Pool;
  readonly #scope: string;
  #purgedAtMs = Number.NEGATIVE_INFINITY;

  constructor(pool: pg.Pool, scope: string) {
    this.#pool = pool;
    this.#scope = scope;
  }

  async addFresh(keys: readonly string[], expiresAtMs: number, nowMs: number): Promise<string[]> {
    // One statement may not touch a row twice, so a key repeated within the call counts once.
    const distinct = [...new Set(keys)];
    if (distinct.length === 0) return [];
    if (nowMs - this.#purgedAtMs >= PURGE_EVERY_MS) {
      this.#purgedAtMs = nowMs;
      await this.#pool.query('DELETE FROM seen_keys WHERE scope = $1 AND expires_ms <= $2', [
        this.#scope,
        Math.round(nowMs),
      ]);
    }
    const result = await this.#pool.query<{ seen_key: string }>(
      `INSERT INTO seen_keys AS s (scope, seen_key, expires_ms)
       SELECT $1, key, $3 FROM unnest($2::text[]) AS key
       ON CONFLICT (scope, seen_key) DO UPDATE SET expires_ms = EXCLUDED.expires_ms WHERE s.expires_ms <= $4
       RETURNING seen_key`,
      [this.#scope, distinct, Math.round(expiresAtMs), Math.round(nowMs)],
    );
    const fresh = new Set(result.rows.map((row) => row.seen_key));
    return distinct.filter((key) => fresh.has(key));
  }
}
