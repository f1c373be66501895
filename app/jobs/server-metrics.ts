import type { Registry } from 'prom-client';
import { createPostgresPool } from '../../core/store/postgres/pool.ts';
import type { StoreConfig } from '../config/store.ts';
import { registerQueueGauges } from './metrics.ts';

/**
 * The job queue's depth on an API replica's /metrics (Postgres store only): one small pool, used
 * at scrape time. Returns how to close it.
 */
export function watchJobQueue(store: StoreConfig, registry: Registry): () => Promise<void> {
  if (store.type !== 'postgres' || !store.url) return async () => {};
  const pool = createPostgresPool({
    url: store.url.reveal(),
    max: 1,
    connectionTimeoutMs: store.pool.connectionTimeoutMs,
    statementTimeoutMs: store.pool.statementTimeoutMs,
    applicationName: 'scorebridge serve metrics',
  });
  registerQueueGauges(registry, (text, values) => pool.query(text, values));
  return () => pool.end();
}
