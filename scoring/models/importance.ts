import type { Dataset } from '../learners/types.ts';
import type { LearnerRuntime } from './fitted-learner.ts';

export interface FeatureImportance {
  readonly feature: string;
  /** Mean |SHAP| on the margin (log-odds for logit links) over the explained rows. */
  readonly meanAbsShap: number;
}

/**
 * Global importance as the mean absolute SHAP value (Lundberg et al. 2020): unlike split counts it
 * is consistent, and it is measured on the rows scored (the holdout), not on the training rows.
 * At most `maxRows` evenly spaced rows are explained.
 */
export function shapImportance(runtime: LearnerRuntime, data: Dataset, maxRows = 500): FeatureImportance[] {
  const nFeatures = runtime.featureNames.length;
  const totals = new Float64Array(nFeatures);
  const row = new Float64Array(nFeatures);
  const phi = new Float64Array(nFeatures);
  const step = Math.max(1, data.nRows / maxRows);
  let explained = 0;
  for (let position = 0; position < data.nRows; position += step) {
    const i = Math.floor(position);
    for (let j = 0; j < nFeatures; j++) row[j] = data.columns[j]![i]!;
    runtime.explainRow(row, phi);
    for (let j = 0; j < nFeatures; j++) totals[j]! += Math.abs(phi[j]!);
    explained += 1;
  }
  return runtime.featureNames
    .map((feature, j) => ({ feature, meanAbsShap: explained === 0 ? 0 : totals[j]! / explained }))
    .sort((a, b) => b.meanAbsShap - a.meanAbsShap || (a.feature < b.feature ? -1 : 1));
}
