import type { DatabaseSync } from 'node:sqlite';
import { inTransaction } from '../../core/store/sqlite/sql.ts';
import type { WorkflowDefinition } from '../definitions/index.ts';
import { enqueue } from '../outbox/index.ts';
import { addDelay } from '../policy/index.ts';
import {
  type EntityContext,
  type EntityContextInput,
  type EntityRef,
  entityKey,
  parseEntityContext,
} from './context.ts';
import { decideEntry } from './entry.ts';
import { firstExitReason } from './exits.ts';
import {
  dueEnrollments,
  type EnrollmentRow,
  enrollmentHistory,
  insertEnrollment,
  recordStepRun,
  updateEnrollment,
  withQueuedHistory,
} from './repository.ts';
import type { StepOutcome } from './states.ts';
import { planStep } from './step-action.ts';

export const DEFAULT_TICK_LIMIT = 500;

export interface TickOptions {
  readonly now: Date;
  readonly workflows: readonly WorkflowDefinition[];
  /** Entities to evaluate for entry, typically those whose scores changed since the last tick. */
  readonly candidates: readonly EntityRef[];
  /** Current facts about an entity; undefined when it no longer exists (its enrollments wait). */
  readonly contextFor: (entity: EntityRef) => EntityContextInput | undefined;
  /** Most due enrollments advanced in one tick. */
  readonly limit?: number;
}

export interface StepReport {
  readonly workflow: string;
  readonly entity: EntityRef;
  readonly enrollmentId: number;
  readonly stepIndex: number;
  readonly outcome: StepOutcome;
  readonly reason?: string;
  readonly deferredUntil?: string;
  readonly enqueued: number;
}

export interface TickReport {
  readonly enrolled: Array<{ workflow: string; entity: EntityRef; enrollmentId: number; tier: string }>;
  readonly notEnrolled: Array<{
    workflow: string;
    entity: EntityRef;
    reason: string;
    details: readonly string[];
  }>;
  readonly steps: StepReport[];
  readonly exited: Array<{ workflow: string; entity: EntityRef; enrollmentId: number; reason: string }>;
  readonly completed: number[];
  /** Due enrollments left alone: workflow gone or disabled, or no context for the entity. */
  readonly waiting: Array<{ enrollmentId: number; reason: string }>;
}

function contextCache(contextFor: TickOptions['contextFor']) {
  const cache = new Map<string, EntityContext | undefined>();
  return (entity: EntityRef): EntityContext | undefined => {
    const key = entityKey(entity);
    if (!cache.has(key)) {
      const raw = contextFor(entity);
      cache.set(key, raw === undefined ? undefined : parseEntityContext(raw, key));
    }
    return cache.get(key);
  };
}

function enrollCandidates(
  db: DatabaseSync,
  options: TickOptions,
  context: ReturnType<typeof contextCache>,
  report: TickReport,
) {
  for (const workflow of options.workflows) {
    for (const entity of options.candidates) {
      const current = context(entity);
      if (current === undefined) {
        report.notEnrolled.push({
          workflow: workflow.name,
          entity,
          reason: 'no context for the entity',
          details: [],
        });
        continue;
      }
      const decision = decideEntry(
        workflow,
        current,
        enrollmentHistory(db, workflow.name, entity),
        options.now,
      );
      if (decision.kind === 'skip') {
        report.notEnrolled.push({
          workflow: workflow.name,
          entity,
          reason: decision.reason,
          details: decision.details,
        });
        continue;
      }
      const first = workflow.steps[0];
      const firstStepAt = first
        ? addDelay(options.now, first.delay, workflow.delivery, current.timeZone)
        : options.now;
      const enrollmentId = insertEnrollment(
        db,
        { workflow: workflow.name, entity, tier: decision.tier, signature: decision.signature, firstStepAt },
        options.now,
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
  }
}

/** Runs this enrollment's steps that are due now, one transaction per step; exits are checked before each. */
function advance(
  db: DatabaseSync,
  workflow: WorkflowDefinition,
  row: EnrollmentRow,
  context: EntityContext,
  now: Date,
  report: TickReport,
) {
  const ref = { id: row.id, entity: row.entity, tier: row.tier };
  let index = row.nextStepIndex;
  for (;;) {
    const current = { id: row.id, nextStepIndex: index };
    const exitReason = firstExitReason(workflow.exit, context, now);
    if (exitReason !== undefined) {
      inTransaction(db, () => updateEnrollment(db, current, { state: 'exited', exitReason }, now));
      report.exited.push({
        workflow: workflow.name,
        entity: row.entity,
        enrollmentId: row.id,
        reason: exitReason,
      });
      return;
    }
    if (index >= workflow.steps.length) {
      inTransaction(db, () =>
        updateEnrollment(db, current, { state: 'completed', nextStepIndex: index }, now),
      );
      report.completed.push(row.id);
      return;
    }
    const plan = planStep(workflow, index, ref, withQueuedHistory(db, context), now);
    const next = workflow.steps[index + 1];
    const nextAt = next ? addDelay(now, next.delay, workflow.delivery, context.timeZone) : undefined;
    const enqueued = inTransaction(db, () => {
      const reason = plan.outcome === 'sent' ? null : plan.reason;
      recordStepRun(db, { enrollmentId: row.id, stepIndex: index, outcome: plan.outcome, reason }, now);
      if (plan.outcome === 'deferred') {
        updateEnrollment(db, current, { state: 'active', nextStepIndex: index, nextStepAt: plan.until }, now);
        return 0;
      }
      const inserted = plan.outcome === 'sent' ? enqueue(db, plan.intents, now).inserted.length : 0;
      if (nextAt === undefined)
        updateEnrollment(db, current, { state: 'completed', nextStepIndex: index + 1 }, now);
      else
        updateEnrollment(db, current, { state: 'active', nextStepIndex: index + 1, nextStepAt: nextAt }, now);
      return inserted;
    });
    report.steps.push({
      workflow: workflow.name,
      entity: row.entity,
      enrollmentId: row.id,
      stepIndex: index,
      outcome: plan.outcome,
      ...(plan.outcome === 'sent' ? {} : { reason: plan.reason }),
      ...(plan.outcome === 'deferred' ? { deferredUntil: plan.until.toISOString() } : {}),
      enqueued,
    });
    if (plan.outcome === 'deferred') return;
    if (nextAt === undefined) {
      report.completed.push(row.id);
      return;
    }
    if (nextAt.getTime() > now.getTime()) return;
    index += 1;
  }
}

/**
 * One engine tick: enroll candidates whose tier just changed, then advance every due enrollment.
 * Deterministic for a fixed `now`; running it twice at the same instant writes nothing new.
 */
export function tick(db: DatabaseSync, options: TickOptions): TickReport {
  const report: TickReport = {
    enrolled: [],
    notEnrolled: [],
    steps: [],
    exited: [],
    completed: [],
    waiting: [],
  };
  const context = contextCache(options.contextFor);
  enrollCandidates(db, options, context, report);
  const byName = new Map(options.workflows.map((workflow) => [workflow.name, workflow]));
  for (const row of dueEnrollments(db, options.now, options.limit ?? DEFAULT_TICK_LIMIT)) {
    const workflow = byName.get(row.workflow);
    if (workflow === undefined || !workflow.enabled) {
      report.waiting.push({
        enrollmentId: row.id,
        reason: `workflow ${row.workflow} is not loaded or is disabled`,
      });
      continue;
    }
    const current = context(row.entity);
    if (current === undefined) {
      report.waiting.push({ enrollmentId: row.id, reason: `no context for ${entityKey(row.entity)}` });
      continue;
    }
    advance(db, workflow, row, current, options.now, report);
  }
  return report;
}
