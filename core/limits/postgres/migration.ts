import type { Migration } from '../../store/sqlite/migrations.ts';

/**
 * Tables behind the limits every process of a Postgres deployment shares (see ../shared-limits.ts).
 * Times are epoch milliseconds from the processes' injected clocks, never the database's now(), so
 * tests with virtual clocks behave as production does. On SQLite the tables exist but stay empty:
 * one process keeps these limits in memory.
 */
const TABLES = `
CREATE TABLE limit_request_starts (
  limit_key TEXT NOT NULL,
  started_ms INTEGER NOT NULL
);
CREATE INDEX limit_request_starts_key ON limit_request_starts (limit_key, started_ms);
CREATE TABLE limit_pauses (
  limit_key TEXT PRIMARY KEY,
  paused_until_ms INTEGER NOT NULL
);
CREATE TABLE limit_daily_quotas (
  quota_key TEXT PRIMARY KEY,
  daily_limit INTEGER,
  remaining INTEGER,
  observed_ms INTEGER NOT NULL
);
CREATE TABLE seen_keys (
  scope TEXT NOT NULL,
  seen_key TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  PRIMARY KEY (scope, seen_key)
);
CREATE INDEX seen_keys_expiry ON seen_keys (expires_ms);
CREATE TABLE rate_buckets (
  scope TEXT NOT NULL,
  bucket TEXT NOT NULL,
  tokens REAL NOT NULL,
  updated_ms INTEGER NOT NULL,
  granted INTEGER NOT NULL,
  PRIMARY KEY (scope, bucket)
);
CREATE INDEX rate_buckets_updated ON rate_buckets (updated_ms);
`;

/**
 * One round trip per request start: under the key's advisory lock (its own key space, apart from
 * the store's write lock) it counts the starts inside the window (dropping long-expired ones), honours a shared
 * pause, and records the start or returns how long to wait. A VOLATILE plpgsql function takes a
 * fresh snapshot per statement, so the count after the lock sees every start committed before it.
 */
const ACQUIRE_FUNCTION = `
CREATE OR REPLACE FUNCTION scorebridge_window_acquire(p_key TEXT, p_now BIGINT, p_window BIGINT, p_limit INTEGER)
RETURNS BIGINT LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_count INTEGER;
  v_oldest BIGINT;
  v_paused BIGINT;
  v_wait BIGINT;
BEGIN
  PERFORM pg_advisory_xact_lock(7261502, hashtext(p_key));
  -- Only starts a minute past the window go: a host whose clock runs a little ahead must not
  -- delete starts another host still counts.
  DELETE FROM limit_request_starts WHERE limit_key = p_key AND started_ms <= p_now - p_window - 60000;
  SELECT count(*), min(started_ms) INTO v_count, v_oldest
    FROM limit_request_starts WHERE limit_key = p_key AND started_ms > p_now - p_window;
  SELECT paused_until_ms INTO v_paused FROM limit_pauses WHERE limit_key = p_key;
  v_wait := greatest(
    coalesce(v_paused, 0) - p_now,
    CASE WHEN v_count >= p_limit THEN v_oldest + p_window - p_now ELSE 0 END
  );
  IF v_wait <= 0 THEN
    INSERT INTO limit_request_starts (limit_key, started_ms) VALUES (p_key, p_now);
    RETURN 0;
  END IF;
  RETURN v_wait;
END
$$;
`;

export const sharedLimitMigrations: readonly Migration[] = [
  {
    version: 750,
    name: 'limits shared by every process: request windows, pauses, daily quotas, seen keys, rate buckets',
    sql: TABLES,
    postgres: `${TABLES.replaceAll('INTEGER', 'BIGINT')
      .replace('tokens REAL', 'tokens DOUBLE PRECISION')
      .replace('granted BIGINT', 'granted BOOLEAN')}${ACQUIRE_FUNCTION}`,
  },
];
