import type { Command } from 'commander';
import type { Analytics } from '../../app/analytics.ts';
import type { LoadedConfig } from '../../app/config/index.ts';
import { formatQuarantine, formatSyncResults } from '../../app/sync-summary.ts';
import type { SqliteCanonicalStore } from '../../core/store/sqlite/index.ts';
import type { StreamSyncResult } from '../../core/sync/run-sync.ts';
import {
  type CommandIo,
  DEFAULT_CONFIG_FILE,
  EXIT_CODES_HELP,
  EXIT_OK,
  EXIT_RUNTIME_FAILURE,
  processIo,
} from './command-io.ts';
import { runGuarded } from './guarded.ts';

export interface SyncOptions {
  readonly config: string;
  readonly stream?: string[];
  readonly full?: boolean;
  /** false (`--no-analytics`): leave the analytics replica for the next train/score to bring up to date. */
  readonly analytics?: boolean;
  /** false: leave the quarantined rows out (a summary printed afterwards lists them). */
  readonly listQuarantine?: boolean;
  readonly json?: boolean;
}

/**
 * Brings the analytics replica up to date right after a sync, so features are ready when scoring
 * runs. A replica another process is using (a long train) is left for it to catch up.
 */
async function refreshAnalytics(
  store: SqliteCanonicalStore,
  loaded: LoadedConfig,
  io: CommandIo,
): Promise<void> {
  const [{ describeRefresh, openAnalytics }, { AnalyticsLockedError }] = await Promise.all([
    import('../../app/analytics.ts'),
    import('../../core/store/analytics/duckdb-engine.ts'),
  ]);
  let analytics: Analytics;
  try {
    analytics = await openAnalytics(store, loaded.config.store.path, loaded.config.store.analytics);
  } catch (error) {
    if (!(error instanceof AnalyticsLockedError)) throw error;
    io.stdout(`\nanalytics replica busy (${error.message}); the next train or score brings it up to date\n`);
    return;
  }
  try {
    const refresh = analytics.lastRefresh;
    if (refresh) io.stdout(`\n${describeRefresh(refresh)}\n`);
  } finally {
    analytics.close();
  }
}

export async function syncFromConfig(options: SyncOptions, io: CommandIo): Promise<StreamSyncResult[]> {
  const [
    { loadConfig },
    { openRuntime },
    { systemClock },
    { createLogger },
    { runSync },
    { createProgressReporter },
  ] = await Promise.all([
    import('../../app/config/index.ts'),
    import('../../app/runtime.ts'),
    import('../../core/clock.ts'),
    import('../../core/logger.ts'),
    import('../../core/sync/run-sync.ts'),
    import('../progress.ts'),
  ]);
  const loaded = await loadConfig(options.config, io.env, { withoutEmailSecrets: true });
  const logger = createLogger();
  const runtime = await openRuntime(loaded, systemClock, logger);
  const progress = createProgressReporter();
  try {
    const results = await runSync({
      store: runtime.store,
      connectors: runtime.connectors,
      clock: runtime.clock,
      logger,
      ...(options.stream ? { only: options.stream } : {}),
      ...(options.full ? { full: true } : {}),
      onProgress: ({ stream, records }) => progress.update(stream, records),
    });
    progress.stop();
    const counts = await runtime.store.counts();
    const quarantined = await runtime.store.quarantined(undefined, 5);
    if (options.json) {
      io.stdout(
        JSON.stringify(
          {
            streams: results,
            quarantined: {
              total: counts.quarantined,
              first: quarantined.map(({ raw: _raw, ...rest }) => rest),
            },
          },
          null,
          2,
        ),
      );
      // The replica's refresh line is for people: it goes to stderr.
      if (options.analytics !== false)
        await refreshAnalytics(runtime.store, loaded, { ...io, stdout: io.stderr });
      return results;
    }
    io.stdout(formatSyncResults(results));
    if (options.listQuarantine !== false)
      io.stdout(`\n${formatQuarantine(quarantined, counts.quarantined, counts.quarantinedForEventType)}`);
    if (options.analytics !== false) await refreshAnalytics(runtime.store, loaded, io);
    return results;
  } finally {
    progress.stop();
    await runtime.close();
  }
}

export function registerSync(program: Command, io: CommandIo = processIo): Command {
  return program
    .command('sync')
    .description('read every configured stream from its last checkpoint into the store')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG_FILE)
    .option('-s, --stream <name...>', 'only these streams, as connector.stream (e.g. demo_files.contacts)')
    .option('--full', 're-read streams from the beginning instead of the last checkpoint')
    .option(
      '--no-analytics',
      'do not bring the analytics replica (the features engine) up to date afterwards',
    )
    .option('--json', "print each stream's result and the first quarantined rows as JSON")
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (options: SyncOptions) => {
      await runGuarded(io, async () => {
        const results = await syncFromConfig(options, io);
        return results.some((result) => result.status === 'failed') ? EXIT_RUNTIME_FAILURE : EXIT_OK;
      });
    });
}
