import { DuckDbEngine } from '../core/store/analytics/duckdb-engine.ts';
import { type ReplicaRefresh, refreshReplica } from '../core/store/analytics/replicate.ts';
import type { SqliteCanonicalStore } from '../core/store/sqlite/index.ts';
import { type FeatureEngine, featureEngine } from '../scoring/features/rows/feature-engine.ts';

export interface AnalyticsSettings {
  /** DuckDB file; default `<store without .db>.analytics.duckdb` next to the store. */
  readonly path?: string;
  readonly memoryLimit?: string;
  readonly threads?: number;
}

/** The analytics replica open on a store: features run here, the store stays the system of record. */
export interface Analytics {
  readonly engine: DuckDbEngine;
  readonly features: FeatureEngine;
  /** Copies what changed in the store since the last refresh. */
  refresh(): Promise<ReplicaRefresh>;
  /** What the refresh on opening did. */
  readonly lastRefresh: ReplicaRefresh | null;
  close(): void;
}

/** One line on what a refresh copied, for people. */
export function describeRefresh(r: ReplicaRefresh): string {
  const parts = [`${r.eventsAdded.toLocaleString('en-US')} new events`];
  if (r.eventsChanged > 0) parts.push(`${r.eventsChanged.toLocaleString('en-US')} rewritten`);
  if (r.eventsResolvedAgain > 0)
    parts.push(`${r.eventsResolvedAgain.toLocaleString('en-US')} moved to another person or company`);
  if (r.entitiesCopied) parts.push('people and companies copied');
  if (r.dealsCopied) parts.push('deals copied');
  return `analytics replica ${r.rebuilt ? 'built' : 'brought up to date'}: ${parts.join(', ')} (${r.seconds.toFixed(1)} s)`;
}

export function analyticsPath(storePath: string, configured?: string): string {
  if (configured) return configured;
  if (storePath === ':memory:') return ':memory:';
  return `${storePath.replace(/\.(db|sqlite3?)$/i, '')}.analytics.duckdb`;
}

/** Opens (creating when missing) the store's analytics replica and brings it up to date. */
export async function openAnalytics(
  store: SqliteCanonicalStore,
  storePath: string,
  settings: AnalyticsSettings = {},
): Promise<Analytics> {
  const engine = await DuckDbEngine.open({
    path: analyticsPath(storePath, settings.path),
    memoryLimit: settings.memoryLimit ?? '1GB',
    ...(settings.threads ? { threads: settings.threads } : {}),
  });
  let lastRefresh: ReplicaRefresh | null = null;
  const analytics: Analytics = {
    engine,
    features: featureEngine(engine),
    refresh: async () => {
      lastRefresh = await refreshReplica(store.database, engine);
      return lastRefresh;
    },
    get lastRefresh() {
      return lastRefresh;
    },
    close: () => engine.close(),
  };
  try {
    await analytics.refresh();
  } catch (error) {
    engine.close();
    throw error;
  }
  return analytics;
}

/** Event names in the store with how many events carry each, most frequent first (from the replica). */
export async function storeEventNames(analytics: Analytics): Promise<{ name: string; events: number }[]> {
  const rows = await analytics.engine.rows<{ name: string; n: bigint | number }>(
    'SELECT name, COUNT(*) AS n FROM events WHERE deleted = 0 GROUP BY name ORDER BY n DESC, name',
  );
  return rows.map((r) => ({ name: r.name, events: Number(r.n) }));
}
