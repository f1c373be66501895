import type { Dataset, TreeEnsemble } from '../learners/types.ts';
import type { ShapExplanation } from './treeshap.ts';

/** One feature's share of a score, on the model's margin and on the score reps see. */
export interface Contribution {
  feature: string;
  /** The row's value: a number, the category's label when known, or null when missing. */
  value: number | string | null;
  /** TreeSHAP value on the margin (log-odds for a logit link). */
  margin: number;
  /** Share of the change in the shown score versus the baseline (0–100 points for classifiers). */
  points: number;
  direction: 'up' | 'down';
}

export interface ScoreAttribution {
  /** Score at the model's expected margin: the "average customer" the parts are measured against. */
  readonly baseline: number;
  /** This row's score, scoreOfMargin(expectedValue + sum of margins). */
  readonly score: number;
  /** Every feature, largest |points| first (see compareByImpact); points add up to score - baseline. */
  readonly contributions: Contribution[];
}

export interface AttributionOptions {
  /**
   * Maps the ensemble margin to the number reps see; must be non-decreasing. Default: 100 x
   * probability for classifiers (sigmoid of the margin for a logit link), the output itself for
   * regressors. Pass the calibrated mapping when shown scores are calibrated.
   */
  readonly scoreOfMargin?: (margin: number) => number;
  /** Category labels per feature (as Dataset.categoryLabels), to report a category by name. */
  readonly categoryLabels?: Dataset['categoryLabels'];
}

type ModelShape = Pick<TreeEnsemble, 'link' | 'task' | 'featureNames' | 'categorical'>;

export function defaultScoreOfMargin(model: Pick<TreeEnsemble, 'link' | 'task'>): (margin: number) => number {
  if (model.link === 'logit') return (margin) => 100 / (1 + Math.exp(-margin));
  return model.task === 'classification' ? (margin) => 100 * margin : (margin) => margin;
}

/** Below this margin change the secant slope is all rounding error; use the local slope instead. */
const tinyMarginChange = 1e-9;

/**
 * Turn margin-scale TreeSHAP values into score points that still add up exactly.
 *
 * Reps read points on the 0–100 score, and the parts must add up to the score's change versus the
 * average customer. A logit link makes the score a non-linear function of the margin, so the
 * margin contributions cannot simply be pushed through the sigmoid one by one: those pieces would
 * not add up. Instead the total change score(x) - score(base) is shared out in proportion to the
 * exact log-odds contributions (the secant slope of the score between base and x). Each factor
 * keeps its sign and its relative size from TreeSHAP, and the parts sum to the score change.
 */
export function attributeScore(
  model: ModelShape,
  explanation: ShapExplanation,
  row: ArrayLike<number>,
  options: AttributionOptions = {},
): ScoreAttribution {
  const names = model.featureNames;
  const margins = explanation.contributions;
  if (margins.length !== names.length || row.length !== names.length) {
    throw new Error(
      `attributeScore: ${margins.length} contributions and ${row.length} row values for ${names.length} features`,
    );
  }
  const scoreOf = options.scoreOfMargin ?? defaultScoreOfMargin(model);
  let marginChange = 0;
  for (const margin of margins) marginChange += margin;
  const base = explanation.expectedValue;
  const baseline = scoreOf(base);
  const score = scoreOf(base + marginChange);
  const slope =
    Math.abs(marginChange) > tinyMarginChange ? (score - baseline) / marginChange : localSlope(scoreOf, base);
  if (!(slope >= 0)) {
    throw new Error(`attributeScore: scoreOfMargin decreases near margin ${base}; it must be non-decreasing`);
  }
  const contributions = names.map((feature, j): Contribution => {
    const margin = margins[j]!;
    return {
      feature,
      value: displayValue(row[j]!, model.categorical[j] ?? false, options.categoryLabels?.[j]),
      margin,
      points: slope * margin,
      direction: margin < 0 ? 'down' : 'up',
    };
  });
  return { baseline, score, contributions: contributions.sort(compareByImpact) };
}

function localSlope(scoreOf: (margin: number) => number, at: number): number {
  const step = 1e-4 * Math.max(1, Math.abs(at));
  return (scoreOf(at + step) - scoreOf(at - step)) / (2 * step);
}

function displayValue(
  x: number,
  categorical: boolean,
  labels: readonly string[] | undefined,
): number | string | null {
  if (Number.isNaN(x)) return null;
  if (categorical && labels && Number.isInteger(x) && x >= 0 && x < labels.length) return labels[x]!;
  return x;
}

/**
 * Largest |points| first; equal impacts (to 1e-9) by feature name, so the order never depends on
 * the order features arrived in or on rounding noise.
 */
export function compareByImpact(a: Pick<Contribution, 'feature' | 'points'>, b: typeof a): number {
  const impactA = Math.round(Math.abs(a.points) * 1e9);
  const impactB = Math.round(Math.abs(b.points) * 1e9);
  if (impactA !== impactB) return impactB - impactA;
  if (a.feature === b.feature) return 0;
  return a.feature < b.feature ? -1 : 1;
}
