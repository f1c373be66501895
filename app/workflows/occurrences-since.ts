import cron from 'node-cron';
import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { WorkflowDefinition } from '../../workflows/definitions/index.ts';
import type { Occurrence } from '../../workflows/engine/index.ts';

const MINUTE_MS = 60_000;
/** Looking further back than this for missed schedule firings is pointless: one catch-up covers them. */
const MAX_SCAN_MS = 8 * 24 * 60 * MINUTE_MS;

/**
 * The latest minute in (from, to] at which `expression` fires, in `timezone`. Several missed
 * firings collapse into the latest one: the audience is evaluated once, as of now.
 */
export function lastFiring(expression: string, timezone: string, from: Date, to: Date): Date | undefined {
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    const start = Math.max(from.getTime(), to.getTime() - MAX_SCAN_MS);
    for (let at = Math.floor(to.getTime() / MINUTE_MS) * MINUTE_MS; at > start; at -= MINUTE_MS)
      if (task.match(new Date(at))) return new Date(at);
    return undefined;
  } finally {
    void task.destroy();
  }
}

/** Schedule triggers that fired since the last run (or in the last minute, on the first run). */
export function scheduleOccurrences(
  workflows: readonly WorkflowDefinition[],
  timezone: string,
  since: Date | null,
  now: Date,
): Occurrence[] {
  const from = since ?? new Date(now.getTime() - MINUTE_MS);
  const crons = new Set(
    workflows.flatMap((workflow) =>
      workflow.entry.triggers.flatMap((t) => (t.on === 'schedule' ? [t.cron] : [])),
    ),
  );
  return [...crons].flatMap((expression) => {
    const firedAt = lastFiring(expression, timezone, from, now);
    return firedAt ? [{ on: 'schedule' as const, cron: expression, firedAt }] : [];
  });
}

/** One after_sync occurrence per connector whose streams finished a successful sync since the last run. */
export function syncOccurrences(db: SqlDatabase, since: Date | null, now: Date): Occurrence[] {
  const rows = db
    .prepare(
      `SELECT substr(stream, 1, instr(stream, '.') - 1) AS connector, MAX(id) AS run_id FROM sync_runs
       WHERE status = 'succeeded' AND finished_at > ? AND finished_at <= ? AND instr(stream, '.') > 0
       GROUP BY connector ORDER BY connector`,
    )
    .all(since?.toISOString() ?? '', now.toISOString()) as Array<{ connector: string; run_id: number }>;
  return rows.map((row) => ({
    on: 'after_sync' as const,
    connector: row.connector,
    runId: String(row.run_id),
  }));
}
