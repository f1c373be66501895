import type { ExitCondition } from '../definitions/index.ts';
import { compiled } from './compiled.ts';
import type { EntityContext } from './context.ts';

function exitReason(condition: ExitCondition, context: EntityContext, now: Date): string | undefined {
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
): string | undefined {
  for (const condition of conditions) {
    const reason = exitReason(condition, context, now);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
