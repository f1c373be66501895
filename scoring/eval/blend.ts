import { applyPlatt, fitPlatt } from '../calibration/platt.ts';
import { logLoss } from '../metrics/probabilistic.ts';

export type CandidateName = 'forest' | 'boosting' | 'logistic';
export type BlendWeights = Partial<Record<CandidateName, number>>;

/** Weighted average of candidate probabilities. */
export function blendPredictions(
  predictions: ReadonlyMap<CandidateName, Float64Array>,
  weights: BlendWeights,
): Float64Array {
  let out: Float64Array | undefined;
  for (const [name, p] of predictions) {
    const w = weights[name] ?? 0;
    if (w === 0) continue;
    out ??= new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) out[i] = (out[i] as number) + w * (p[i] as number);
  }
  if (!out) throw new Error('blendPredictions: every blend weight is zero');
  return out;
}

/** All weight vectors on the simplex with the given step (0.1 -> 11 points for 2 models, 66 for 3). */
function simplexGrid(size: number, steps: number): number[][] {
  if (size === 1) return [[steps]];
  const grid: number[][] = [];
  for (let first = steps; first >= 0; first--) {
    for (const rest of simplexGrid(size - 1, steps - first)) grid.push([first, ...rest]);
  }
  return grid;
}

/**
 * Chooses blend weights on validation rows the candidates were not trained on. Each blend is
 * scored by its log loss after a Platt fit, so a well-ranking but badly calibrated forest is
 * judged on what it will be worth once calibrated. A blend must beat the best single model by
 * `minimumGain` to be chosen: simpler models are cheaper to score, explain and compile to SQL.
 */
export function chooseBlend(
  predictions: ReadonlyMap<CandidateName, Float64Array>,
  labels: ArrayLike<number>,
  options: { step?: number; minimumGain?: number } = {},
): { weights: BlendWeights; validationLogLoss: number } {
  const names = [...predictions.keys()];
  if (names.length === 0) throw new Error('chooseBlend: no candidate predictions');
  const steps = Math.round(1 / (options.step ?? 0.1));
  const minimumGain = options.minimumGain ?? 0.001;
  let best: { weights: BlendWeights; validationLogLoss: number; single: boolean } | undefined;
  let bestSingle: { weights: BlendWeights; validationLogLoss: number } | undefined;
  for (const point of simplexGrid(names.length, steps)) {
    const weights: BlendWeights = {};
    names.forEach((name, k) => {
      if ((point[k] as number) > 0) weights[name] = (point[k] as number) / steps;
    });
    const blended = blendPredictions(predictions, weights);
    const platt = fitPlatt(blended, labels);
    const calibrated = blended.map((p) => applyPlatt(platt, p));
    const loss = logLoss(labels, calibrated);
    const single = Object.keys(weights).length === 1;
    if (single && (!bestSingle || loss < bestSingle.validationLogLoss))
      bestSingle = { weights, validationLogLoss: loss };
    if (!best || loss < best.validationLogLoss) best = { weights, validationLogLoss: loss, single };
  }
  if (!best || !bestSingle) throw new Error('chooseBlend: no blend evaluated');
  if (!best.single && bestSingle.validationLogLoss - best.validationLogLoss < minimumGain) return bestSingle;
  return { weights: best.weights, validationLogLoss: best.validationLogLoss };
}

export function describeBlend(weights: BlendWeights): string {
  const parts = Object.entries(weights).filter(([, w]) => (w ?? 0) > 0);
  if (parts.length === 1) return (parts[0] as [string, number])[0];
  return `blend(${parts.map(([name, w]) => `${name} ${(w as number).toFixed(1)}`).join(', ')})`;
}
