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

/**
 * Opens a run for the stream; refuses while another live process runs it. Call inside a
 * transaction, so two processes cannot both see the stream free.
 */
export function startSyncRun(sql: StatementCache, stream: string, now: string): number {
  const running = sql
    .get("SELECT id, owner, started_at FROM sync_runs WHERE stream = ? AND status = 'running'")
    .all(stream) as Array<{ id: number; owner: string | null; started_at: string }>;
  for (const run of running)
    if (ownerAlive(run.owner)) throw new SyncInProgressError(stream, run.owner ?? 'unknown', run.started_at);
  // A run still marked running whose process is gone was cut off (crash, kill); its committed
  // batches are kept and the new run resumes from their cursor.
  sql
    .get(
      "UPDATE sync_runs SET status = 'failed', error = 'interrupted', finished_at = ? WHERE stream = ? AND status = 'running'",
    )
    .run(now, stream);
  // RETURNING works on both dialects; Postgres has no lastInsertRowid.
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
      `SELECT s.stream, c.cursor, c.updated_at AS cursor_updated_at, r.*
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
