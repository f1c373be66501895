import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';

/** An outbox row of an enrollment whose outcome is unknown (the process stopped mid-send). */
export interface UnknownOutcome {
  readonly outboxId: number;
  readonly stepIndex: number;
}

/**
 * How long a held enrollment waits before the engine looks again. Resolving is a human's move, so
 * checking every tick would only churn; a quarter of an hour after `outbox resolve` the sequence
 * goes on.
 */
export const HOLD_RECHECK_MS = 15 * 60_000;

/** How a held step's reason begins, so run totals can tell it from a send-window deferral. */
export const HELD_PREFIX = 'held:';

/**
 * Unknown outcomes by enrollment, read once per tick. There are few unknown rows (a handful per
 * crash) and the outbox index starts with the state, so this costs one short index range.
 */
export function unknownOutcomesByEnrollment(db: SqlDatabase): Map<number, UnknownOutcome[]> {
  const rows = db
    .prepare(
      `SELECT id, json_extract(payload, '$.enrollmentId') AS enrollment, json_extract(payload, '$.stepIndex') AS step
         FROM outbox WHERE state = 'unknown' ORDER BY id`,
    )
    .all() as Array<{ id: number; enrollment: number | null; step: number | null }>;
  const held = new Map<number, UnknownOutcome[]>();
  for (const row of rows) {
    if (row.enrollment === null || row.step === null) continue;
    const list = held.get(Number(row.enrollment)) ?? [];
    list.push({ outboxId: Number(row.id), stepIndex: Number(row.step) });
    held.set(Number(row.enrollment), list);
  }
  return held;
}

/**
 * The policy in words, for the step run and `plan`: the sequence does not move on past a step whose
 * effect may not have happened (a customer who never got day 0 should not get day 3 out of context),
 * and the operator decides with `scorebridge outbox resolve`.
 */
export function holdReason(unknown: readonly UnknownOutcome[]): string {
  const ids = unknown.map((u) => u.outboxId).join(' ');
  const steps = unknown.map((u) => u.stepIndex + 1).join(', ');
  return `${HELD_PREFIX} the outcome of step ${steps} is unknown (outbox ${ids}); resolve it with \`scorebridge outbox resolve ${ids} --delivered\` or \`--resend\``;
}

/**
 * Once an operator has settled unknown outcomes (`scorebridge outbox resolve`), the sequences they
 * held go on at the next run instead of up to HOLD_RECHECK_MS later. Only enrollments the engine
 * actually held at their next step are moved; a step still waiting for its delay keeps its time.
 * Returns how many enrollments were released.
 */
export function releaseHeldEnrollments(db: SqlDatabase, outboxIds: readonly number[], now: Date): number {
  if (outboxIds.length === 0) return 0;
  const at = now.toISOString();
  const enrollments = db
    .prepare(
      `SELECT DISTINCT json_extract(payload, '$.enrollmentId') AS enrollment FROM outbox
        WHERE id IN (${outboxIds.map(() => '?').join(', ')})`,
    )
    .all(...outboxIds) as Array<{ enrollment: number | string | null }>;
  const release = db.prepare(
    `UPDATE enrollments SET next_step_at = ?, updated_at = ?
      WHERE id = ? AND state = 'active' AND next_step_at > ?
        AND EXISTS (SELECT 1 FROM step_runs s WHERE s.enrollment_id = enrollments.id
                      AND s.step_index = enrollments.next_step_index AND s.outcome = 'deferred'
                      AND s.reason LIKE '${HELD_PREFIX}%')`,
  );
  let released = 0;
  for (const { enrollment } of enrollments) {
    if (enrollment === null) continue;
    released += Number(release.run(at, at, Number(enrollment), at).changes);
  }
  return released;
}
