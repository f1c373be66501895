import type { ExitCondition } from '../definitions/index.ts';
import { compiled } from './compiled.ts';
import type { EntityContext } from './context.ts';

/** The tier an enrollment was made in, and the entity's tier of the same model now. */
export interface EnrollmentTier {
  readonly enrolled: string | null;
  readonly current: string | null;
}

function exitReason(
  condition: ExitCondition,
  context: EntityContext,
  now: Date,
  tier: EnrollmentTier | undefined,
): string | undefined {
  if (condition.on === 'tier_changed') {
    // Per enrollment, not per entity: the play the entity moved into must not exit on the move.
    if (!tier || tier.enrolled === null || tier.current === null || tier.enrolled === tier.current)
      return undefined;
    return `tier_changed: ${tier.enrolled} -> ${tier.current}`;
  }
  if (condition.on === 'score_below') {
    const score = context.scores[condition.model];
    if (score !== undefined && score.value < condition.value)
      return `score_below: ${condition.model} score ${score.value} < ${condition.value}`;
    return undefined;
  }
  if (condition.on === 'condition') {
    return compiled(condition.when).evaluate(context.record, { now }).passed
      ? `condition: ${condition.when}`
      : undefined;
  }
  return context.facts[condition.on] === true ? condition.on : undefined;
}

/** The first exit condition that holds, as the reason stored on the enrollment; checked before every step. */
export function firstExitReason(
  conditions: readonly ExitCondition[],
  context: EntityContext,
  now: Date,
  tier?: EnrollmentTier,
): string | undefined {
  for (const condition of conditions) {
    const reason = exitReason(condition, context, now, tier);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
