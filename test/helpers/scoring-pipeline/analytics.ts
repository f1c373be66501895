import { join } from 'node:path';
import { DuckDbEngine } from '../../../core/store/analytics/duckdb-engine.ts';
import { refreshReplica } from '../../../core/store/analytics/replicate.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { type FeatureEngine, featureEngine } from '../../../scoring/features/rows/feature-engine.ts';

export interface TestAnalytics {
  readonly engine: DuckDbEngine;
  readonly features: FeatureEngine;
  refresh(): ReturnType<typeof refreshReplica>;
  close(): void;
}

/** The analytics replica of a test store, in the store's folder, refreshed once. */
export async function openTestAnalytics(store: SqliteCanonicalStore, dir: string): Promise<TestAnalytics> {
  const engine = await DuckDbEngine.open({ path: join(dir, 'analytics.duckdb'), threads: 2, memoryLimit: '1GB' });
  const refresh = () => refreshReplica(store.database, engine);
  await refresh();
  return { engine, features: featureEngine(engine), refresh, close: () => engine.close() };
}
