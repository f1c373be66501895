import type { WorkflowDefinition } from '../definitions/index.ts';
import { compileExpression, failureReasons } from '../expr/index.ts';
import type { EntityContext } from './context.ts';

/** What the store knows about this entity's earlier enrollments in the workflow. */
export interface EnrollmentHistory {
  readonly active: boolean;
  readonly pastEnrollments: number;
  /** entry_signature of the latest enrollment, active or ended. */
  readonly lastSignature: string | null;
}

export type EntryDecision =
  | { readonly kind: 'enroll'; readonly tier: string; readonly signature: string }
  | { readonly kind: 'skip'; readonly reason: string; readonly details: readonly string[] };

interface Transition {
  readonly tier: string;
  readonly signature: string;
}

/** The first tier_change trigger this entity's latest score fires: a real move into the `to` tier. */
function matchingTransition(workflow: WorkflowDefinition, context: EntityContext): Transition | string {
  const seen: string[] = [];
  for (const trigger of workflow.entry.triggers) {
    if (trigger.on !== 'tier_change') continue;
    const score = context.scores[trigger.model];
    if (score === undefined) {
      seen.push(`no ${trigger.model} score`);
      continue;
    }
    const moved = score.previousTier !== score.tier;
    const fromOk = trigger.from === undefined || trigger.from === score.previousTier;
    if (moved && fromOk && score.tier === trigger.to) {
      const signature = `${trigger.model}:${score.previousTier ?? 'none'}>${score.tier}@${score.scoredAt}`;
      return { tier: score.tier, signature };
    }
    seen.push(`${trigger.model} tier ${score.previousTier ?? 'none'} -> ${score.tier}`);
  }
  const unique = [...new Set(seen)];
  return `no tier_change trigger matched (${unique.length > 0 ? unique.join('; ') : 'no tier_change triggers'})`;
}

/**
 * Enroll once; again only on a new not-matching -> matching transition, and never while enrolled.
 * `after_exit` and `on_transition` both need a transition the entity was not enrolled on before, so
 * re-running a tick on the same score can never enroll twice.
 */
export function decideEntry(
  workflow: WorkflowDefinition,
  context: EntityContext,
  history: EnrollmentHistory,
  now: Date,
): EntryDecision {
  if (!workflow.enabled) return { kind: 'skip', reason: 'workflow is disabled', details: [] };
  const transition = matchingTransition(workflow, context);
  if (typeof transition === 'string') return { kind: 'skip', reason: transition, details: [] };
  if (history.active)
    return { kind: 'skip', reason: 'already enrolled (an active enrollment exists)', details: [] };
  if (history.pastEnrollments > 0) {
    const policy = workflow.entry.reenrollment;
    if (policy === 'never')
      return {
        kind: 'skip',
        reason: 're-enrollment policy is never and it was enrolled before',
        details: [],
      };
    if (history.lastSignature === transition.signature)
      return {
        kind: 'skip',
        reason: `re-enrollment policy ${policy}: already enrolled on this transition (${transition.signature})`,
        details: [],
      };
  }
  if (workflow.entry.audience !== undefined) {
    const evaluation = compileExpression(workflow.entry.audience).evaluate(context.record, { now });
    if (!evaluation.passed)
      return {
        kind: 'skip',
        reason: `audience failed: ${workflow.entry.audience}`,
        details: failureReasons(evaluation),
      };
  }
  return { kind: 'enroll', tier: transition.tier, signature: transition.signature };
}
