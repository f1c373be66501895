import type { Cursor } from '../../connectors/source.ts';
import { shortError } from '../../sync/short-error.ts';
import { ownerAlive, SyncInProgressError, syncOwner } from '../../sync/sync-in-progress.ts';
import type { BatchResult, StreamStatus, SyncRun } from '../canonical-store.ts';
import type { SqlValue } from '../sql/sql-database.ts';
import type { StatementCache } from './sql.ts';

/** How a sync run ended, as the sync loop reports it. */
export interface SyncRunOutcome {
  readonly status: 'succeeded' | 'failed';
  readonly result: BatchResult;
  readonly error?: string;
}

/** The stream's committed cursor, or null before its first batch. */
export function readCursor(sql: StatementCache, stream: string): Cursor | null {
  const row = sql.get('SELECT cursor FROM sync_cursors WHERE stream = ?').get(stream) as
    | { cursor: string }
    | undefined;
  return row ? (JSON.parse(row.cursor) as Cursor) : null;
}

interface RunningRow {
  readonly id: number;
  readonly owner: string | null;
  readonly started_at: string;
}

function runningRuns(sql: StatementCache, stream: string): RunningRow[] {
  return sql
    .get("SELECT id, owner, started_at FROM sync_runs WHERE stream = ? AND status = 'running' ORDER BY id")
    .all(stream) as unknown as RunningRow[];
}

/** The refusal for a stream whose live run is `run` (the newest running row, when one is known). */
export function inProgress(stream: string, run: RunningRow | undefined): SyncInProgressError {
  return new SyncInProgressError(stream, run?.owner ?? 'another process', run?.started_at ?? 'now');
}

/** The newest run of the stream still marked running, for the message of a refusal. */
export function liveRun(sql: StatementCache, stream: string): RunningRow | undefined {
  return runningRuns(sql, stream).at(-1);
}

/**
 * Opens a run for the stream. Call inside a transaction, so two processes cannot both see the
 * stream free. `ownerCheck` says whether a run still marked running may be live: on SQLite its
 * process is looked up on this host; on Postgres the caller holds the stream's lock (see
 * stream-lock.ts), so no other run is live and the check is skipped.
 */
export function startSyncRun(sql: StatementCache, stream: string, now: string, ownerCheck: boolean): number {
  if (ownerCheck)
    for (const run of runningRuns(sql, stream)) if (ownerAlive(run.owner)) throw inProgress(stream, run);
  // A run still marked running whose process is gone was cut off (crash, kill); its committed
  // batches are kept and the new run resumes from their cursor.
  sql
    .get(
      "UPDATE sync_runs SET status = 'failed', error = 'interrupted', finished_at = ? WHERE stream = ? AND status = 'running'",
    )
    .run(now, stream);
  const row = sql
    .get("INSERT INTO sync_runs (stream, started_at, status, owner) VALUES (?, ?, 'running', ?) RETURNING id")
    .get(stream, now, syncOwner()) as { id: number };
  return Number(row.id);
}

export function finishSyncRun(
  sql: StatementCache,
  runId: number,
  outcome: SyncRunOutcome,
  now: string,
): void {
  const { result } = outcome;
  sql
    .get(
      'UPDATE sync_runs SET finished_at = ?, status = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ?, error = ? WHERE id = ?',
    )
    .run(
      now,
      outcome.status,
      result.inserted,
      result.updated,
      result.unchanged,
      result.rejected,
      outcome.error ?? null,
      runId,
    );
}

/** Every stream with a cursor or a run: its cursor and its latest run. */
export function streamStatus(sql: StatementCache): StreamStatus[] {
  const rows = sql
    .get(
      `SELECT s.stream, c.cursor, c.updated_at AS cursor_updated_at, r.id, r.started_at, r.finished_at,
         r.status, r.inserted, r.updated, r.unchanged, r.rejected, r.error
       FROM (SELECT stream FROM sync_cursors UNION SELECT stream FROM sync_runs) s
       LEFT JOIN sync_cursors c ON c.stream = s.stream
       LEFT JOIN sync_runs r ON r.id = (SELECT MAX(id) FROM sync_runs WHERE stream = s.stream)
       ORDER BY s.stream`,
    )
    .all() as Record<string, SqlValue>[];
  return rows.map((row) => ({
    stream: String(row.stream),
    cursor: row.cursor === null ? null : (JSON.parse(String(row.cursor)) as Cursor),
    cursorUpdatedAt: row.cursor_updated_at === null ? null : String(row.cursor_updated_at),
    lastRun: row.id === null ? null : toSyncRun(row),
  }));
}

function toSyncRun(row: Record<string, SqlValue>): SyncRun {
  return {
    id: Number(row.id),
    stream: String(row.stream),
    startedAt: String(row.started_at),
    finishedAt: row.finished_at === null ? null : String(row.finished_at),
    status: String(row.status) as SyncRun['status'],
    inserted: Number(row.inserted),
    updated: Number(row.updated),
    unchanged: Number(row.unchanged),
    rejected: Number(row.rejected),
    // Runs stored before errors were cut may hold a whole file's text.
    error: row.error === null ? null : shortError(String(row.error)),
  };
}
