import type { WorkflowDefinition } from '../definitions/index.ts';
import { failureReasons } from '../expr/index.ts';
import { compiled } from './compiled.ts';
import type { EntityContext } from './context.ts';
import type { Occurrence } from './occurrences.ts';
import { currentTier, type TriggerMatch, triggerMatches } from './trigger-match.ts';

/** What the store knows about this entity's earlier enrollments in the workflow. */
export interface EnrollmentHistory {
  readonly active: boolean;
  readonly pastEnrollments: number;
  /** entry_signature of the latest enrollment, active or ended. */
  readonly lastSignature: string | null;
  /** entry_signature of every earlier enrollment; absent: only lastSignature is known. */
  readonly signatures?: readonly string[];
}

export type EntryDecision =
  | { readonly kind: 'enroll'; readonly tier: string | null; readonly signature: string }
  | { readonly kind: 'skip'; readonly reason: string; readonly details: readonly string[] };

const skip = (reason: string, details: readonly string[] = []): EntryDecision => ({
  kind: 'skip',
  reason,
  details,
});

/**
 * The rules every way into a workflow obeys, whatever fired: never while enrolled, the
 * re-enrollment policy, never twice on the same firing, then the audience. `after_exit` and
 * `on_transition` both need a firing the entity was not enrolled on before, so re-running a tick on
 * the same facts can never enroll twice.
 */
export function admitEntry(
  workflow: WorkflowDefinition,
  context: EntityContext,
  history: EnrollmentHistory,
  now: Date,
  firings: readonly TriggerMatch[],
): EntryDecision {
  if (!workflow.enabled) return skip('workflow is disabled');
  if (history.active) return skip('already enrolled (an active enrollment exists)');
  const policy = workflow.entry.reenrollment;
  if (history.pastEnrollments > 0 && policy === 'never')
    return skip('re-enrollment policy is never and it was enrolled before');
  const used = new Set(history.signatures ?? (history.lastSignature === null ? [] : [history.lastSignature]));
  const fresh = firings.find((firing) => !used.has(firing.signature));
  if (fresh === undefined)
    return skip(
      `re-enrollment policy ${policy}: already enrolled on this transition (${firings[0]?.signature ?? 'none'})`,
    );
  if (workflow.entry.audience !== undefined) {
    const evaluation = compiled(workflow.entry.audience).evaluate(context.record, { now });
    if (!evaluation.passed)
      return skip(`audience failed: ${workflow.entry.audience}`, failureReasons(evaluation));
  }
  return { kind: 'enroll', tier: fresh.tier ?? currentTier(workflow, context), signature: fresh.signature };
}

/**
 * Whether a trigger of the workflow fires for this entity now (its own scores, tiers and events, or
 * this tick's schedule, sync and webhook occurrences) and the entity may enter.
 */
export function decideEntry(
  workflow: WorkflowDefinition,
  context: EntityContext,
  history: EnrollmentHistory,
  now: Date,
  occurrences: readonly Occurrence[] = [],
): EntryDecision {
  if (!workflow.enabled) return skip('workflow is disabled');
  const fired = triggerMatches(workflow, context, occurrences);
  if ('reason' in fired) return skip(fired.reason);
  return admitEntry(workflow, context, history, now, fired.matches);
}
