import type { Clock } from '../clock.ts';
import type { SourceConnector } from '../connectors/source.ts';
import type { Logger } from '../logger.ts';
import type { BatchResult, CanonicalStore } from '../store/canonical-store.ts';
import { shortError } from './short-error.ts';
import { SyncInProgressError } from './sync-in-progress.ts';

export interface StreamSyncResult extends BatchResult {
  readonly stream: string;
  /** skipped: another live process was syncing the stream (its run does the work). */
  readonly status: 'succeeded' | 'failed' | 'skipped';
  readonly error?: string;
  readonly seconds: number;
}

export interface SyncProgress {
  readonly stream: string;
  readonly records: number;
  readonly rejected: number;
}

export interface RunSyncOptions {
  readonly store: CanonicalStore;
  readonly connectors: readonly SourceConnector[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** Only these `${connector}.${stream}` names; all streams when absent. */
  readonly only?: readonly string[];
  readonly signal?: AbortSignal;
  /** Re-read every stream from the beginning (idempotent upserts make this safe). */
  readonly full?: boolean;
  readonly onProgress?: (progress: SyncProgress) => void;
}

const emptyResult = (): { -readonly [K in keyof BatchResult]: BatchResult[K] } => ({
  inserted: 0,
  updated: 0,
  unchanged: 0,
  rejected: 0,
  merges: 0,
});

/**
 * Reads every stream from its stored cursor and applies each batch atomically with its cursor.
 * Accounts are synced before contacts and contacts before facts, so references resolve on the
 * first pass; a failed stream is recorded and the others still run.
 */
export async function runSync(options: RunSyncOptions): Promise<StreamSyncResult[]> {
  const order = { account: 0, contact: 1, deal: 2, event: 3 } as const;
  const plan = options.connectors
    .flatMap((connector) => connector.streams().map((stream) => ({ connector, stream })))
    .filter(
      ({ connector, stream }) => !options.only || options.only.includes(`${connector.name}.${stream.name}`),
    )
    .sort((a, b) => order[a.stream.kind] - order[b.stream.kind]);

  const results: StreamSyncResult[] = [];
  for (const { connector, stream } of plan) {
    const name = `${connector.name}.${stream.name}`;
    const started = options.clock.now().getTime();
    let runId: number;
    try {
      runId = await options.store.startSyncRun(name);
    } catch (error) {
      if (!(error instanceof SyncInProgressError)) throw error;
      options.logger.warn({ stream: name }, error.message);
      results.push({ stream: name, status: 'skipped', error: error.message, seconds: 0, ...emptyResult() });
      continue;
    }
    const total = emptyResult();
    try {
      const cursor = options.full ? null : await options.store.getCursor(name);
      const context = {
        clock: options.clock,
        logger: options.logger,
        pendingRereads: (objectType: string) => options.store.rereads.pending(connector.name, objectType),
        ...(options.signal ? { signal: options.signal } : {}),
      };
      for await (const batch of connector.read(stream.name, cursor, context)) {
        const applied = await options.store.applyBatch({ ...batch, stream: name });
        for (const key of Object.keys(total) as (keyof BatchResult)[]) total[key] += applied[key];
        options.onProgress?.({
          stream: name,
          records: total.inserted + total.updated + total.unchanged,
          rejected: total.rejected,
        });
        options.signal?.throwIfAborted();
      }
      await options.store.finishSyncRun(runId, { status: 'succeeded', result: total });
      options.logger.info({ stream: name, ...total }, 'stream synced');
      results.push({ stream: name, status: 'succeeded', ...total, seconds: elapsed(options.clock, started) });
    } catch (error) {
      const message = shortError((error as Error).message);
      await options.store.finishSyncRun(runId, { status: 'failed', result: total, error: message });
      options.logger.error({ stream: name, error: message }, 'stream sync failed');
      results.push({
        stream: name,
        status: 'failed',
        error: message,
        ...total,
        seconds: elapsed(options.clock, started),
      });
    }
  }
  return results;
}

function elapsed(clock: Clock, started: number): number {
  return (clock.now().getTime() - started) / 1000;
}
