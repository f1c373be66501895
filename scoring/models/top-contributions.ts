import { type Contribution, compareByImpact } from '../explain/attribution.ts';
import type { ShapExplanation } from '../explain/treeshap.ts';

/** Below this margin change the secant slope is rounding noise; the local slope is used instead. */
const tinyMarginChange = 1e-9;

export interface PointsScale {
  readonly baseline: number;
  readonly score: number;
  /** Score points per unit of margin. */
  readonly slope: number;
}

/**
 * The score-point scale of one explanation, computed exactly as `attributeScore` does (the secant
 * of the shown score between the expected margin and the row's margin), so the points of all
 * features add up to score − baseline.
 */
export function pointsScale(
  explanation: ShapExplanation,
  scoreOfMargin: (margin: number) => number,
): PointsScale {
  let marginChange = 0;
  for (const phi of explanation.contributions) marginChange += phi;
  const base = explanation.expectedValue;
  const baseline = scoreOfMargin(base);
  const score = scoreOfMargin(base + marginChange);
  if (Math.abs(marginChange) > tinyMarginChange)
    return { baseline, score, slope: (score - baseline) / marginChange };
  const step = 1e-4 * Math.max(1, Math.abs(base));
  return { baseline, score, slope: (scoreOfMargin(base + step) - scoreOfMargin(base - step)) / (2 * step) };
}

/**
 * The `k` largest contributions in `attributeScore`'s order, built without materialising and
 * sorting every feature: batch scoring needs only the top reasons, and sorting ~80 objects per row
 * was a third of the model's time.
 */
export function topContributions(
  names: readonly string[],
  explanation: ShapExplanation,
  slope: number,
  k: number,
  displayValueOf: (j: number) => number | string | null,
): Contribution[] {
  const top: Contribution[] = [];
  const phi = explanation.contributions;
  for (let j = 0; j < names.length; j++) {
    const margin = phi[j]!;
    const candidate = { feature: names[j]!, points: slope * margin };
    const last = top[top.length - 1];
    if (top.length === k && last && compareByImpact(candidate, last) >= 0) continue;
    const entry: Contribution = {
      ...candidate,
      value: displayValueOf(j),
      margin,
      direction: margin < 0 ? 'down' : 'up',
    };
    let at = top.length;
    while (at > 0 && compareByImpact(entry, top[at - 1]!) < 0) at--;
    top.splice(at, 0, entry);
    if (top.length > k) top.pop();
  }
  return top;
}
