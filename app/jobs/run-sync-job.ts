import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { runSync } from '../../core/sync/run-sync.ts';
import type { LoadedConfig } from '../config/index.ts';
import { openRuntime } from '../runtime.ts';
import type { SyncPayload } from './sync-job.ts';

/**
 * A run left "running" by a worker that lost its lease (killed, host lost). Holding the job for the
 * stream proves nobody else syncs it now (the queue runs one job per stream), so the old run is
 * closed as interrupted and this one resumes from the cursor its last batch committed. The run's
 * own process check cannot tell: a process on another host is presumed alive.
 */
function closeAbandonedRuns(db: SqlDatabase, stream: string, now: string): number {
  return Number(
    db
      .prepare(
        "UPDATE sync_runs SET status = 'failed', error = 'interrupted: its worker stopped and the job was taken over', finished_at = ? WHERE stream = ? AND status = 'running'",
      )
      .run(now, stream).changes,
  );
}

/** Syncs one stream, as `scorebridge sync --stream <s> --no-analytics` does; throws when it failed. */
export async function runSyncJob(
  loaded: LoadedConfig,
  payload: SyncPayload,
  deps: { readonly clock: Clock; readonly logger: Logger; readonly signal?: AbortSignal },
): Promise<string> {
  const runtime = await openRuntime(loaded, deps.clock, deps.logger);
  try {
    const known = runtime.connectors.flatMap((c) => c.streams().map((s) => `${c.name}.${s.name}`));
    if (!known.includes(payload.stream))
      throw new Error(`stream ${payload.stream} is not in the config (streams: ${known.join(', ')})`);
    const abandoned = closeAbandonedRuns(
      runtime.store.database,
      payload.stream,
      deps.clock.now().toISOString(),
    );
    if (abandoned > 0)
      deps.logger.warn({ stream: payload.stream }, 'took over a sync its worker left unfinished');
    const [result] = await runSync({
      store: runtime.store,
      connectors: runtime.connectors,
      clock: runtime.clock,
      logger: deps.logger,
      only: [payload.stream],
      ...(payload.full ? { full: true } : {}),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    if (!result) throw new Error(`stream ${payload.stream} was not synced`);
    if (result.status === 'failed') throw new Error(`${payload.stream}: ${result.error ?? 'failed'}`);
    if (result.status === 'skipped')
      throw new Error(result.error ?? `${payload.stream} is being synced elsewhere`);
    return `${payload.stream}: ${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected} quarantined in ${result.seconds.toFixed(1)} s`;
  } finally {
    await runtime.close();
  }
}
