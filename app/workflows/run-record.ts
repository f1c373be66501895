import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';

export interface WorkflowRunRecord {
  readonly id: number;
  readonly trigger: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly scoresUntil: string | null;
  readonly eventsUntil: string | null;
  readonly summary: unknown;
}

interface RawRun {
  id: number;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  scores_until: string | null;
  events_until: string | null;
  summary: string | null;
}

function toRecord(row: RawRun): WorkflowRunRecord {
  return {
    id: Number(row.id),
    trigger: row.trigger,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    scoresUntil: row.scores_until,
    eventsUntil: row.events_until,
    summary: row.summary === null ? null : JSON.parse(row.summary),
  };
}

/** The last run that finished: its watermarks are where the next run starts reading. */
export function lastFinishedRun(db: SqlDatabase): WorkflowRunRecord | undefined {
  const row = db
    .prepare('SELECT * FROM workflow_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1')
    .get() as RawRun | undefined;
  return row ? toRecord(row) : undefined;
}

export function recentRuns(db: SqlDatabase, limit: number): WorkflowRunRecord[] {
  return (
    db.prepare('SELECT * FROM workflow_runs ORDER BY id DESC LIMIT ?').all(limit) as unknown as RawRun[]
  ).map(toRecord);
}

export function startRun(db: SqlDatabase, trigger: string, now: Date): number {
  const result = db
    .prepare('INSERT INTO workflow_runs (trigger, started_at) VALUES (?, ?)')
    .run(trigger, now.toISOString());
  return Number(result.lastInsertRowid);
}

export function finishRun(
  db: SqlDatabase,
  id: number,
  done: { at: Date; scoresUntil: string | null; eventsUntil: string; summary: unknown },
): void {
  db.prepare(
    'UPDATE workflow_runs SET finished_at = ?, scores_until = ?, events_until = ?, summary = ? WHERE id = ?',
  ).run(done.at.toISOString(), done.scoresUntil, done.eventsUntil, JSON.stringify(done.summary), id);
}

export function latestScoreTime(db: SqlDatabase, models: readonly string[]): string | null {
  if (models.length === 0) return null;
  const row = db
    .prepare(
      `SELECT MAX(computed_at) AS at FROM score_history WHERE model IN (${models.map(() => '?').join(', ')})`,
    )
    .get(...models) as { at: string | null } | undefined;
  return row?.at ?? null;
}
