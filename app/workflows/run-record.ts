import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';

export interface WorkflowRunRecord {
  readonly id: number;
  readonly trigger: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly scoresUntil: string | null;
  /** The newest score row (by id) this run read; null for runs recorded before it was kept. */
  readonly scoresUntilId: number | null;
  readonly eventsUntil: string | null;
  readonly summary: unknown;
}

interface RawRun {
  id: number;
  trigger: string;
  started_at: string;
  finished_at: string | null;
  scores_until: string | null;
  scores_until_id: number | null;
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
    scoresUntilId: row.scores_until_id === null ? null : Number(row.scores_until_id),
    eventsUntil: row.events_until,
    summary: row.summary === null ? null : JSON.parse(row.summary),
  };
}

/**
 * The last run of this partition (`all` when unpartitioned, see partitionLabel) that finished: its
 * watermarks are where the partition's next run starts reading. Partitions keep their own, since
 * they run side by side and one's progress says nothing about another's entities.
 */
export function lastFinishedRun(db: SqlDatabase, partitionKey = 'all'): WorkflowRunRecord | undefined {
  const row = db
    .prepare(
      'SELECT * FROM workflow_runs WHERE partition_key = ? AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1',
    )
    .get(partitionKey) as RawRun | undefined;
  return row ? toRecord(row) : undefined;
}

export function recentRuns(db: SqlDatabase, limit: number): WorkflowRunRecord[] {
  return (
    db.prepare('SELECT * FROM workflow_runs ORDER BY id DESC LIMIT ?').all(limit) as unknown as RawRun[]
  ).map(toRecord);
}

export function startRun(db: SqlDatabase, trigger: string, now: Date, partitionKey = 'all'): number {
  const row = db
    .prepare('INSERT INTO workflow_runs (trigger, started_at, partition_key) VALUES (?, ?, ?) RETURNING id')
    .get(trigger, now.toISOString(), partitionKey) as { id: number };
  return Number(row.id);
}

export function finishRun(
  db: SqlDatabase,
  id: number,
  done: {
    at: Date;
    scoresUntil: string | null;
    scoresUntilId: number | null;
    eventsUntil: string;
    summary: unknown;
  },
): void {
  db.prepare(
    'UPDATE workflow_runs SET finished_at = ?, scores_until = ?, scores_until_id = ?, events_until = ?, summary = ? WHERE id = ?',
  ).run(
    done.at.toISOString(),
    done.scoresUntil,
    done.scoresUntilId,
    done.eventsUntil,
    JSON.stringify(done.summary),
    id,
  );
}

/** The newest score row of these models, by id (0 when there is none): where a run reads scores up to. */
export function latestScoreId(db: SqlDatabase, models: readonly string[]): number {
  if (models.length === 0) return 0;
  const row = db
    .prepare(
      `SELECT COALESCE(MAX(id), 0) AS id FROM score_history WHERE model IN (${models.map(() => '?').join(', ')})`,
    )
    .get(...models) as { id: number };
  return Number(row.id);
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
