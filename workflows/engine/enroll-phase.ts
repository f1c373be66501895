import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { WorkflowDefinition } from '../definitions/index.ts';
import type { EntityContext, EntityRef } from './context.ts';
import { decideEntry } from './entry.ts';
import { firstExitReason } from './exits.ts';
import type { Occurrence } from './occurrences.ts';
import {
  activeEnrollment,
  EnrollmentMovedError,
  enrollmentHistory,
  insertEnrollment,
  updateEnrollment,
} from './repository.ts';
import { stepDueAt } from './step-delay.ts';
import { currentTier } from './trigger-match.ts';

export interface EnrollReport {
  readonly enrolled: Array<{
    workflow: string;
    entity: EntityRef;
    enrollmentId: number;
    tier: string | null;
  }>;
  readonly notEnrolled: Array<{
    workflow: string;
    entity: EntityRef;
    reason: string;
    details: readonly string[];
  }>;
  readonly exited: Array<{ workflow: string; entity: EntityRef; enrollmentId: number; reason: string }>;
}

/**
 * A candidate's active enrollment is checked for exits now, not only when its next step falls due:
 * an account that moved from low to high risk while its low-risk play waits for Monday's send
 * window must leave that play now, so this same tick can enroll it in the high-risk play on the
 * transition that just happened (later ticks would no longer see it as a transition).
 */
function exitActiveIfDone(
  db: SqlDatabase,
  workflow: WorkflowDefinition,
  entity: EntityRef,
  context: EntityContext,
  now: Date,
  report: EnrollReport,
): void {
  const active = activeEnrollment(db, workflow.name, entity);
  if (active === undefined) return;
  const reason = firstExitReason(workflow.exit, context, now, {
    enrolled: active.tier,
    current: currentTier(workflow, context),
  });
  if (reason === undefined) return;
  try {
    updateEnrollment(
      db,
      { id: active.id, nextStepIndex: active.nextStepIndex },
      { state: 'exited', exitReason: reason },
      now,
    );
  } catch (error) {
    // Another ticker moved it in the meantime: its own exit check decides.
    if (error instanceof EnrollmentMovedError) return;
    throw error;
  }
  report.exited.push({ workflow: workflow.name, entity, enrollmentId: active.id, reason });
}

/**
 * Decides and stores the entry of one candidate into one workflow. Each insert is atomic on its
 * own (the one-active unique index decides races), so the caller may batch candidates freely.
 */
export function enrollCandidate(
  db: SqlDatabase,
  workflow: WorkflowDefinition,
  entity: EntityRef,
  context: EntityContext | undefined,
  now: Date,
  occurrences: readonly Occurrence[],
  report: EnrollReport,
): void {
  if (context === undefined) {
    report.notEnrolled.push({
      workflow: workflow.name,
      entity,
      reason: 'no context for the entity',
      details: [],
    });
    return;
  }
  exitActiveIfDone(db, workflow, entity, context, now, report);
  const history = enrollmentHistory(db, workflow.name, entity);
  const decision = decideEntry(workflow, context, history, now, occurrences);
  if (decision.kind === 'skip') {
    report.notEnrolled.push({
      workflow: workflow.name,
      entity,
      reason: decision.reason,
      details: decision.details,
    });
    return;
  }
  const first = workflow.steps[0];
  const firstStepAt = first ? stepDueAt(now, first, workflow, context.timeZone) : now;
  const enrollmentId = insertEnrollment(
    db,
    { workflow: workflow.name, entity, tier: decision.tier, signature: decision.signature, firstStepAt },
    now,
  );
  if (enrollmentId === undefined)
    report.notEnrolled.push({
      workflow: workflow.name,
      entity,
      reason: 'already enrolled (an active enrollment exists)',
      details: [],
    });
  else report.enrolled.push({ workflow: workflow.name, entity, enrollmentId, tier: decision.tier });
}
