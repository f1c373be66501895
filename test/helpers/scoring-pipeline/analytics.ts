import { join } from 'node:path';
import { DuckDbEngine } from '../../../core/store/analytics/duckdb-engine.ts';
import { refreshReplica } from '../../../core/store/analytics/replicate.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { type FeatureSet, featureNames } from '../../../scoring/features/feature-set.ts';
import type { RawTable } from '../../../scoring/features/raw-table.ts';
import {
  concatTables,
  type FeatureEngine,
  featureBatches,
  featureEngine,
} from '../../../scoring/features/rows/feature-engine.ts';

export interface TestAnalytics {
  readonly engine: DuckDbEngine;
  readonly features: FeatureEngine;
  refresh(): ReturnType<typeof refreshReplica>;
  close(): void;
}

/** The analytics replica of a test store, in the store's folder, refreshed once. */
export async function openTestAnalytics(store: SqliteCanonicalStore, dir: string): Promise<TestAnalytics> {
  const engine = await DuckDbEngine.open({
    path: join(dir, 'analytics.duckdb'),
    threads: 2,
    memoryLimit: '1GB',
  });
  const refresh = () => refreshReplica(store.database, engine);
  await refresh();
  return { engine, features: featureEngine(engine), refresh, close: () => engine.close() };
}

/** An in-memory replica of a (fixture) store, for tests that train or score on a few entities. */
export async function memoryAnalytics(store: SqliteCanonicalStore): Promise<TestAnalytics> {
  const engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
  const refresh = () => refreshReplica(store.database, engine);
  await refresh();
  return { engine, features: featureEngine(engine), refresh, close: () => engine.close() };
}

/** Features of every live entity of the set's type at each cutoff, through the SQL compiler. */
export async function everyEntityRows(
  fe: FeatureEngine,
  set: FeatureSet,
  cutoffs: readonly number[],
): Promise<{ table: RawTable; entityIds: string[]; cutoffIndex: number[] }> {
  const relation = set.entityType === 'contact' ? 'sb_contacts' : 'sb_accounts';
  await fe.engine.exec(
    `CREATE OR REPLACE TEMP TABLE every_entity AS
     SELECT ROW_NUMBER() OVER (ORDER BY x.${set.entityType}_id, k.i) AS row_id, x.${set.entityType}_id AS entity_id, k.cutoff_ms, k.i AS cutoff_index
     FROM ${relation} x, (VALUES ${cutoffs.map((c, i) => `(${i}, ${c}::DOUBLE)`).join(', ')}) k(i, cutoff_ms) WHERE x.active`,
  );
  const tables: RawTable[] = [];
  const entityIds: string[] = [];
  const cutoffIndex: number[] = [];
  for await (const batch of featureBatches(fe, set.plan, 'every_entity', {
    passThrough: ['cutoff_index'],
    ordered: true,
  })) {
    tables.push(batch.table);
    entityIds.push(...batch.entityIds);
    cutoffIndex.push(...(batch.extras.cutoff_index as Float64Array));
  }
  const template = {
    featureNames: featureNames(set),
    categorical: set.plan.features.map((f) => f.type === 'categorical'),
  };
  return { table: concatTables(tables, template), entityIds, cutoffIndex };
}
