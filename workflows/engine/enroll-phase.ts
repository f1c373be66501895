import type { DatabaseSync } from 'node:sqlite';
import type { WorkflowDefinition } from '../definitions/index.ts';
import type { EntityContext, EntityRef } from './context.ts';
import { decideEntry } from './entry.ts';
import type { Occurrence } from './occurrences.ts';
import { enrollmentHistory, insertEnrollment } from './repository.ts';
import { stepDueAt } from './step-delay.ts';

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
}

/**
 * Decides and stores the entry of one candidate into one workflow. Each insert is atomic on its
 * own (the one-active unique index decides races), so the caller may batch candidates freely.
 */
export function enrollCandidate(
  db: DatabaseSync,
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
