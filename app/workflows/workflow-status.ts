import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import { OutboxRelay, type OutboxRow } from '../../workflows/outbox/index.ts';
import { suppressionCounts } from '../../workflows/suppression/index.ts';
import { recentRuns, type WorkflowRunRecord } from './run-record.ts';

export interface StepCount {
  readonly workflow: string;
  readonly stepIndex: number;
  readonly outcome: string;
  readonly count: number;
}

export interface WorkflowStatus {
  readonly enrollments: Array<{ workflow: string; state: string; tier: string | null; count: number }>;
  readonly exits: Array<{ workflow: string; reason: string; count: number }>;
  readonly steps: StepCount[];
  readonly outbox: Array<{ kind: string; state: string; count: number }>;
  /** Side effects interrupted by a crash: a human decides whether they happened. */
  readonly unknown: OutboxRow[];
  readonly deadLetter: number;
  readonly suppressions: Record<string, number>;
  readonly runs: WorkflowRunRecord[];
}

function all<T>(db: SqlDatabase, sql: string): T[] {
  return db.prepare(sql).all() as unknown as T[];
}

/** Everything `scorebridge workflows status` prints, read in one go. */
export function workflowStatus(db: SqlDatabase): WorkflowStatus {
  const relay = new OutboxRelay({
    db,
    clock: { now: () => new Date(0) },
    sleep: async () => {},
    transports: {},
    random: Math.random,
  });
  const report = relay.report();
  return {
    enrollments: all(
      db,
      `SELECT workflow, state, tier, COUNT(*) AS count FROM enrollments GROUP BY workflow, state, tier ORDER BY workflow, state, tier`,
    ),
    exits: all(
      db,
      `SELECT workflow, CASE WHEN instr(exit_reason, ':') > 0 THEN substr(exit_reason, 1, instr(exit_reason, ':') - 1) ELSE exit_reason END AS reason,
              COUNT(*) AS count FROM enrollments WHERE state = 'exited' GROUP BY workflow, reason ORDER BY workflow, count DESC`,
    ),
    // A step whose side effect has an unknown outcome is "unknown", not "sent", until it is resolved.
    steps: all(
      db,
      `WITH unknown AS (
         SELECT DISTINCT CAST(json_extract(payload, '$.enrollmentId') AS BIGINT) AS enrollment_id,
                CAST(json_extract(payload, '$.stepIndex') AS BIGINT) AS step_index
           FROM outbox WHERE state = 'unknown')
       SELECT e.workflow, s.step_index AS stepIndex,
              CASE WHEN u.enrollment_id IS NOT NULL THEN 'unknown' ELSE s.outcome END AS outcome, COUNT(*) AS count
         FROM step_runs s JOIN enrollments e ON e.id = s.enrollment_id
         LEFT JOIN unknown u ON u.enrollment_id = s.enrollment_id AND u.step_index = s.step_index
        GROUP BY e.workflow, s.step_index, 3 ORDER BY e.workflow, s.step_index, 3`,
    ),
    outbox: all(
      db,
      `SELECT kind, state, COUNT(*) AS count FROM outbox GROUP BY kind, state ORDER BY kind, state`,
    ),
    unknown: report.unknown,
    deadLetter: report.counts.dead_letter,
    suppressions: suppressionCounts(db),
    runs: recentRuns(db, 5),
  };
}
