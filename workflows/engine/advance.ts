import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { ResolvedStep, WorkflowDefinition } from '../definitions/index.ts';
import { enqueue } from '../outbox/index.ts';
import type { EntityContext, EntityRef } from './context.ts';
import type { CsmAssigner } from './csm.ts';
import { firstExitReason } from './exits.ts';
import {
  type EnrollmentRow,
  type EnrollmentUpdate,
  recordStepRun,
  updateEnrollment,
  withQueuedHistory,
} from './repository.ts';
import type { StepOutcome } from './states.ts';
import { planStep, type StepEnvironment } from './step-action.ts';
import { stepDueAt } from './step-delay.ts';
import { applyEffect, type EffectResult } from './step-effects.ts';
import { currentTier } from './trigger-match.ts';
import { HOLD_RECHECK_MS, holdReason, type UnknownOutcome } from './unknown-hold.ts';

/** What one tick shares across enrollments. */
export interface TickSession {
  readonly db: SqlDatabase;
  readonly now: Date;
  readonly workflows: ReadonlyMap<string, WorkflowDefinition>;
  readonly csm: CsmAssigner;
  readonly environment: StepEnvironment;
  /** Enrollments with a step whose outcome is unknown: they wait for `outbox resolve`. */
  readonly unknownOutcomes: ReadonlyMap<number, readonly UnknownOutcome[]>;
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

export interface AdvanceResult {
  readonly steps: readonly StepReport[];
  readonly exited?: string;
  readonly completed: boolean;
}

/** Only a capped e-mail reads the send history, so only it pays for the outbox lookup. */
function needsHistory(workflow: WorkflowDefinition, step: ResolvedStep | undefined): boolean {
  return (
    step?.action === 'send_email' && workflow.frequency_caps.some((cap) => cap.category === step.category)
  );
}

type Ran = EffectResult | { readonly outcome: 'deferred'; readonly until: Date; readonly reason: string };

function runStep(
  session: TickSession,
  workflow: WorkflowDefinition,
  row: EnrollmentRow,
  index: number,
  context: EntityContext,
): Ran {
  const ref = { id: row.id, entity: row.entity, tier: row.tier };
  const step = workflow.steps[index];
  const seen = needsHistory(workflow, step) ? withQueuedHistory(session.db, context) : context;
  const plan = planStep(workflow, index, ref, seen, session.now, session.environment);
  if (plan.outcome !== 'sent' || plan.effect === undefined) return plan;
  return applyEffect(plan.effect, context, { ...session, write: true });
}

/**
 * Runs this enrollment's steps that are due now. The caller wraps it in a savepoint: step runs,
 * intents and effects land together with one guarded move of the enrollment, which throws
 * EnrollmentMovedError (rolling all of it back) when another ticker moved the enrollment first.
 * Exit conditions are checked before the first step; the context does not change within a tick.
 */
export function advance(
  session: TickSession,
  workflow: WorkflowDefinition,
  row: EnrollmentRow,
  context: EntityContext,
): AdvanceResult {
  const { db, now } = session;
  const start = { id: row.id, nextStepIndex: row.nextStepIndex };
  const move = (update: EnrollmentUpdate) => updateEnrollment(db, start, update, now);
  const exitReason = firstExitReason(workflow.exit, context, now, {
    enrolled: row.tier,
    current: currentTier(workflow, context),
  });
  if (exitReason !== undefined) {
    move({ state: 'exited', exitReason });
    return { steps: [], exited: exitReason, completed: false };
  }
  const unknown = session.unknownOutcomes.get(row.id);
  if (unknown !== undefined) return hold(session, workflow, row, unknown);
  const steps: StepReport[] = [];
  for (let index = row.nextStepIndex; ; index += 1) {
    if (index >= workflow.steps.length) {
      move({ state: 'completed', nextStepIndex: index });
      return { steps, completed: true };
    }
    const ran = runStep(session, workflow, row, index, context);
    const reason = ran.outcome === 'sent' ? null : ran.reason;
    recordStepRun(db, { enrollmentId: row.id, stepIndex: index, outcome: ran.outcome, reason }, now);
    const enqueued =
      ran.outcome === 'sent' && ran.intents.length > 0 ? enqueue(db, ran.intents, now).inserted.length : 0;
    steps.push({
      workflow: workflow.name,
      entity: row.entity,
      enrollmentId: row.id,
      stepIndex: index,
      outcome: ran.outcome,
      ...(reason === null ? {} : { reason }),
      ...(ran.outcome === 'deferred' ? { deferredUntil: ran.until.toISOString() } : {}),
      enqueued,
    });
    if (ran.outcome === 'deferred') {
      move({ state: 'active', nextStepIndex: index, nextStepAt: ran.until });
      return { steps, completed: false };
    }
    const next = workflow.steps[index + 1];
    if (next === undefined) {
      move({ state: 'completed', nextStepIndex: index + 1 });
      return { steps, completed: true };
    }
    const nextAt = stepDueAt(now, next, workflow, context.timeZone);
    if (nextAt.getTime() > now.getTime()) {
      move({ state: 'active', nextStepIndex: index + 1, nextStepAt: nextAt });
      return { steps, completed: false };
    }
  }
}

/** The policy for unknown outcomes: the next step waits (exits above still apply) until resolved. */
function hold(
  session: TickSession,
  workflow: WorkflowDefinition,
  row: EnrollmentRow,
  unknown: readonly UnknownOutcome[],
): AdvanceResult {
  const { db, now } = session;
  const reason = holdReason(unknown);
  const until = new Date(now.getTime() + HOLD_RECHECK_MS);
  const stepIndex = row.nextStepIndex;
  recordStepRun(db, { enrollmentId: row.id, stepIndex, outcome: 'deferred', reason }, now);
  updateEnrollment(
    db,
    { id: row.id, nextStepIndex: stepIndex },
    { state: 'active', nextStepIndex: stepIndex, nextStepAt: until },
    now,
  );
  const step: StepReport = {
    workflow: workflow.name,
    entity: row.entity,
    enrollmentId: row.id,
    stepIndex,
    outcome: 'deferred',
    reason,
    deferredUntil: until.toISOString(),
    enqueued: 0,
  };
  return { steps: [step], completed: false };
}
