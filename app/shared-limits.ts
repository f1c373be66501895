import type pg from 'pg';
import type { Clock } from '../core/clock.ts';
import { PostgresCrmLimits } from '../core/limits/postgres/crm-limits.ts';
import { PostgresOnceKeys } from '../core/limits/postgres/once-keys.ts';
import { PostgresRateBuckets } from '../core/limits/postgres/rate-buckets.ts';
import type { CrmLimits, OnceKeys, RateBuckets } from '../core/limits/shared-limits.ts';
import { realSleep } from '../core/limits/sleep.ts';
import { createPostgresPool } from '../core/store/postgres/pool.ts';
import type { StoreConfig } from './config/store.ts';
import { ExpiringKeySet } from './server/hooks/bounded-cache.ts';
import { TokenBuckets } from './server/security/rate-limit.ts';

/**
 * Where the limits that must hold for a whole deployment live. With an SQLite store there is one
 * process per store, so memory is the truth; with a Postgres store every worker and API replica
 * shares them through the database: CRM rate limits and daily quotas per CRM account, the webhook
 * replay cache and event de-duplication, and the API-key rate limits.
 */
export interface SharedLimits {
  readonly kind: 'memory' | 'postgres';
  /** Shared CRM account limits; absent in memory, where connectors keep them per process. */
  readonly crm: CrmLimits | undefined;
  /** A "seen before" set; `maxEntries` bounds the in-memory one. */
  onceKeys(scope: string, maxEntries: number): OnceKeys;
  rateBuckets(scope: string, perMinute: number): RateBuckets;
  close(): Promise<void>;
}

export function openSharedLimits(
  store: StoreConfig,
  clock: Clock,
  sleep: (ms: number) => Promise<void> = realSleep,
): SharedLimits {
  if (store.type === 'postgres' && store.url !== undefined) {
    const pool = createPostgresPool({
      url: store.url.reveal(),
      max: store.pool.max,
      connectionTimeoutMs: store.pool.connectionTimeoutMs,
      idleTimeoutMs: store.pool.idleTimeoutMs,
      statementTimeoutMs: store.pool.statementTimeoutMs,
      applicationName: 'scorebridge limits',
    });
    return postgresSharedLimits(pool, clock, sleep);
  }
  return memorySharedLimits(clock);
}

/** Limits shared through `pool`; closing them ends the pool. */
export function postgresSharedLimits(
  pool: pg.Pool,
  clock: Clock,
  sleep: (ms: number) => Promise<void> = realSleep,
): SharedLimits {
  return {
    kind: 'postgres',
    crm: new PostgresCrmLimits(pool, clock, sleep),
    onceKeys: (scope) => new PostgresOnceKeys(pool, scope),
    rateBuckets: (scope, perMinute) => new PostgresRateBuckets(pool, scope, perMinute, clock),
    close: () => pool.end(),
  };
}

export function memorySharedLimits(clock: Clock): SharedLimits {
  return {
    kind: 'memory',
    crm: undefined,
    onceKeys: (_scope, maxEntries) => memoryOnceKeys(new ExpiringKeySet(maxEntries)),
    rateBuckets: (_scope, perMinute) => new TokenBuckets(perMinute, clock),
    close: () => Promise.resolve(),
  };
}

function memoryOnceKeys(keys: ExpiringKeySet): OnceKeys {
  return {
    addFresh: (candidates, expiresAtMs, nowMs) =>
      Promise.resolve(candidates.filter((key) => keys.add(key, expiresAtMs, nowMs))),
  };
}
