import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { fileConnectorConfigSchema } from '../../../connectors/file/config.ts';
import { FileSourceConnector } from '../../../connectors/file/file-source.ts';
import { FixedClock } from '../../../core/clock.ts';
import { silentLogger } from '../../../core/logger.ts';
import { openSqliteStore, type SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import type { Migration } from '../../../core/store/sqlite/migrations.ts';
import { runSync } from '../../../core/sync/run-sync.ts';
import { generateDemoData } from '../../../demo/index.ts';
import type { FeatureEngine } from '../../../scoring/features/rows/feature-engine.ts';
import { openTestAnalytics, type TestAnalytics } from './analytics.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
export const DEMO_AS_OF = '2026-11-01T00:00:00.000Z';

export interface DemoStore {
  readonly store: SqliteCanonicalStore;
  readonly dir: string;
  readonly storePath: string;
  /** The store's analytics replica (opened and refreshed on first call; refreshed again on later calls). */
  features(): Promise<FeatureEngine>;
  /** Deletes the generated files and the store. */
  cleanup(): Promise<void>;
}

/**
 * Generates the B2B demo business with the demo generator and imports it the way
 * `scorebridge sync` does: the file connector configured as in config/scorebridge.yaml.
 */
export async function demoStore(options: {
  contacts: number;
  seed?: number;
  extraMigrations?: readonly Migration[];
  badRowsRate?: number;
}): Promise<DemoStore> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-demo-'));
  await generateDemoData({
    contacts: options.contacts,
    seed: options.seed ?? 7,
    outDir: dir,
    asOf: DEMO_AS_OF,
    badRowsRate: options.badRowsRate ?? 0,
  });
  const config = parse(readFileSync(join(repoRoot, 'config', 'scorebridge.yaml'), 'utf8')) as {
    connectors: Record<string, Record<string, unknown>>;
  };
  const clock = new FixedClock(DEMO_AS_OF);
  const connectors = ['demo_files', 'marketing_list'].map((name) => {
    const parsed = fileConnectorConfigSchema.parse({ ...config.connectors[name], baseDir: dir });
    return new FileSourceConnector(name, parsed, { configDir: dir });
  });
  const storePath = join(dir, 'store.db');
  const store = await openSqliteStore({
    path: storePath,
    clock,
    systemPriority: ['demo_files', 'marketing_list'],
    ...(options.extraMigrations ? { extraMigrations: options.extraMigrations } : {}),
  });
  await runSync({ store, connectors, clock, logger: silentLogger() });
  let analytics: TestAnalytics | null = null;
  return {
    store,
    dir,
    storePath,
    async features() {
      if (analytics) await analytics.refresh();
      else analytics = await openTestAnalytics(store, dir);
      return analytics.features;
    },
    async cleanup() {
      analytics?.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
