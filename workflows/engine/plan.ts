import type { SqlDatabase } from '../../core/store/sql/sql-database.ts';
import type { WorkflowDefinition } from '../definitions/index.ts';
import { addDelay } from '../policy/index.ts';
import {
  type EntityContext,
  type EntityContextInput,
  type EntityRef,
  entityKey,
  parseEntityContext,
} from './context.ts';
import { type Csm, CsmAssigner, parseCsms } from './csm.ts';
import { decideEntry } from './entry.ts';
import { firstExitReason } from './exits.ts';
import { type Occurrence, parseOccurrences } from './occurrences.ts';
import { activeEnrollment, enrollmentHistory, withQueuedHistory } from './repository.ts';
import { type EnrollmentRef, planStep } from './step-action.ts';
import { applyEffect, type EffectSession } from './step-effects.ts';
import { currentTier } from './trigger-match.ts';
import { holdReason, type UnknownOutcome, unknownOutcomesByEnrollment } from './unknown-hold.ts';

export interface PlanOptions {
  readonly asOf: Date;
  readonly workflows: readonly WorkflowDefinition[];
  readonly contexts: readonly EntityContextInput[];
  /** Schedule, sync and webhook occurrences to plan as if they fired now. */
  readonly occurrences?: readonly Occurrence[];
  readonly csms?: readonly Csm[];
}

/** What planning reads besides the entity: the store, read only, and the tick's options. */
interface PlanSession {
  readonly effects: EffectSession;
  readonly occurrences: readonly Occurrence[];
  readonly unknownOutcomes: ReadonlyMap<number, readonly UnknownOutcome[]>;
}

/** The next step that would do something, after any steps that would be skipped on the way. */
export interface PlannedStep {
  readonly stepIndex: number;
  readonly action: string;
  /** When the engine would reach it. */
  readonly at: string;
  readonly outcome: 'sent' | 'deferred';
  readonly deferredUntil?: string;
  readonly reason?: string;
}

export interface PlanEntry {
  readonly workflow: string;
  readonly entity: EntityRef;
  readonly status: 'enrolled' | 'would_enroll' | 'not_enrolled' | 'would_exit' | 'would_complete';
  readonly enrollmentId?: number;
  /** Why: entry skips, audience failures, exit conditions, deferral reasons. */
  readonly reasons: readonly string[];
  readonly skippedSteps: ReadonlyArray<{ stepIndex: number; reason: string }>;
  readonly next?: PlannedStep;
}

type Walk = Pick<PlanEntry, 'skippedSteps' | 'next'> & { readonly exit?: string };

/** Simulates the engine from step `index` at `at` without writing: skips fall through to the next step. */
function walkSteps(
  session: PlanSession,
  workflow: WorkflowDefinition,
  ref: EnrollmentRef,
  context: EntityContext,
  startIndex: number,
  startAt: Date,
): Walk {
  const skippedSteps: Array<{ stepIndex: number; reason: string }> = [];
  let at = startAt;
  for (let index = startIndex; index < workflow.steps.length; index += 1) {
    const exit = firstExitReason(workflow.exit, context, at, {
      enrolled: ref.tier,
      current: currentTier(workflow, context),
    });
    if (exit !== undefined) return { skippedSteps, exit };
    const planned = planStep(workflow, index, ref, context, at, {
      csmOf: (entity) => session.effects.csm.current(entity),
    });
    const plan =
      planned.outcome === 'sent' && planned.effect !== undefined
        ? applyEffect(planned.effect, context, { ...session.effects, now: at })
        : planned;
    const action = workflow.steps[index]?.action ?? 'unknown';
    if (plan.outcome === 'sent')
      return { skippedSteps, next: { stepIndex: index, action, at: at.toISOString(), outcome: 'sent' } };
    if (plan.outcome === 'deferred')
      return {
        skippedSteps,
        next: {
          stepIndex: index,
          action,
          at: at.toISOString(),
          outcome: 'deferred',
          deferredUntil: plan.until.toISOString(),
          reason: plan.reason,
        },
      };
    skippedSteps.push({ stepIndex: index, reason: plan.reason });
    const following = workflow.steps[index + 1];
    if (following) at = addDelay(at, following.delay, workflow.delivery, context.timeZone);
  }
  return { skippedSteps };
}

function statusOf(walk: Walk, otherwise: PlanEntry['status']): PlanEntry['status'] {
  if (walk.exit !== undefined) return 'would_exit';
  return walk.next === undefined ? 'would_complete' : otherwise;
}

function planOne(
  session: PlanSession,
  workflow: WorkflowDefinition,
  given: EntityContext,
  asOf: Date,
): PlanEntry {
  const db = session.effects.db;
  const context = withQueuedHistory(db, given);
  const base = { workflow: workflow.name, entity: context.entity };
  const active = activeEnrollment(db, workflow.name, context.entity);
  if (active !== undefined) {
    const due =
      active.nextStepAt !== null && new Date(active.nextStepAt) > asOf ? new Date(active.nextStepAt) : asOf;
    const unknown = session.unknownOutcomes.get(active.id);
    const walk: Walk =
      unknown === undefined
        ? walkSteps(session, workflow, active, context, active.nextStepIndex, due)
        : {
            skippedSteps: [],
            next: {
              stepIndex: active.nextStepIndex,
              action: workflow.steps[active.nextStepIndex]?.action ?? 'unknown',
              at: due.toISOString(),
              outcome: 'deferred',
              reason: holdReason(unknown),
            },
          };
    const reasons = [
      `already enrolled (enrollment ${active.id} in tier ${active.tier ?? 'none'}, at step ${active.nextStepIndex})`,
    ];
    if (walk.exit !== undefined) reasons.push(`exit condition met: ${walk.exit}`);
    return {
      ...base,
      status: statusOf(walk, 'enrolled'),
      enrollmentId: active.id,
      reasons,
      skippedSteps: walk.skippedSteps,
      ...(walk.next ? { next: walk.next } : {}),
    };
  }
  const history = enrollmentHistory(db, workflow.name, context.entity);
  const decision = decideEntry(workflow, context, history, asOf, session.occurrences);
  if (decision.kind === 'skip')
    return {
      ...base,
      status: 'not_enrolled',
      reasons: [decision.reason, ...decision.details],
      skippedSteps: [],
    };
  const first = workflow.steps[0];
  const firstAt = first ? addDelay(asOf, first.delay, workflow.delivery, context.timeZone) : asOf;
  const ref = { id: 0, entity: context.entity, tier: decision.tier };
  const walk = walkSteps(session, workflow, ref, context, 0, firstAt);
  const reasons = [`enrolls on ${decision.signature} in tier ${decision.tier ?? 'none'}`];
  if (walk.exit !== undefined) reasons.push(`exit condition met: ${walk.exit}`);
  return {
    ...base,
    status: statusOf(walk, 'would_enroll'),
    reasons,
    skippedSteps: walk.skippedSteps,
    ...(walk.next ? { next: walk.next } : {}),
  };
}

/**
 * Dry run of the next tick for each entity and workflow: what would happen and when, or why not.
 * Only reads the database.
 */
export function plan(db: SqlDatabase, options: PlanOptions): PlanEntry[] {
  const contexts = options.contexts.map((input, index) => parseEntityContext(input, `contexts[${index}]`));
  contexts.sort((a, b) => entityKey(a.entity).localeCompare(entityKey(b.entity)));
  const session: PlanSession = {
    effects: {
      db,
      now: options.asOf,
      workflows: new Map(options.workflows.map((workflow) => [workflow.name, workflow])),
      csm: new CsmAssigner(db, parseCsms(options.csms ?? [])),
      write: false,
    },
    occurrences: parseOccurrences(options.occurrences ?? []),
    unknownOutcomes: unknownOutcomesByEnrollment(db),
  };
  return options.workflows.flatMap((workflow) =>
    contexts.map((context) => planOne(session, workflow, context, options.asOf)),
  );
}
