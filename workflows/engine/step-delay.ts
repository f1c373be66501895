import type { ResolvedStep, WorkflowDefinition } from '../definitions/index.ts';
import { addDelay } from '../policy/index.ts';

/**
 * When `step` falls due if the previous one ran at `from`. A zero delay is `from` itself in every
 * unit (addDelay agrees), and most steps have none: answering that directly skips the time-zone
 * work, the largest single cost of a tick.
 */
export function stepDueAt(
  from: Date,
  step: ResolvedStep,
  workflow: WorkflowDefinition,
  timeZone: string | null,
): Date {
  if (step.delay.amount === 0) return from;
  return addDelay(from, step.delay, workflow.delivery, timeZone);
}
