import type { Dataset, Predictor } from '../learners/types.ts';
import type { CandidateName } from './blend.ts';
import { selectRows, selectValues } from './dataset-rows.ts';
import type { Split } from './folds.ts';

/** Trains one candidate model; `seed` makes any randomness inside it reproducible. */
export type TrainCandidate = (name: CandidateName, data: Dataset, y: Float64Array, seed: number) => Predictor;

/**
 * Out-of-fold scores of each candidate over `data`: every row is scored by a model of the same
 * learner and settings that never saw it. A calibrator fitted on these scores stays valid for the
 * learner refit on all rows (scikit-learn's `CalibratedClassifierCV(ensemble=False)`), unlike one
 * fitted on a single inner model's holdout, whose score distribution the refit model does not share.
 */
export function crossFitScores(
  candidates: readonly CandidateName[],
  data: Dataset,
  y: Float64Array,
  splits: readonly Split[],
  train: TrainCandidate,
  seed: number,
): Map<CandidateName, Float64Array> {
  const scores = new Map<CandidateName, Float64Array>(
    candidates.map((name) => [name, new Float64Array(data.nRows).fill(Number.NaN)] as const),
  );
  for (const split of splits) {
    const fitData = selectRows(data, split.train);
    const fitLabels = selectValues(y, split.train);
    const heldOut = selectRows(data, split.test);
    for (const name of candidates) {
      const predicted = train(name, fitData, fitLabels, seed).predict(heldOut);
      const out = scores.get(name) as Float64Array;
      split.test.forEach((row, k) => {
        out[row] = predicted[k] as number;
      });
    }
  }
  return scores;
}

/** Positions of the latest `fraction` of rows by time (ties at the cutoff included). */
export function latestPositions(times: ArrayLike<number>, fraction: number): Int32Array {
  const order = Array.from({ length: times.length }, (_, i) => i)
    .filter((i) => Number.isFinite(times[i]))
    .sort((a, b) => (times[a] as number) - (times[b] as number));
  const cut = order[Math.min(order.length - 1, Math.floor(order.length * (1 - fraction)))];
  if (cut === undefined) return new Int32Array(0);
  const cutoff = times[cut] as number;
  return Int32Array.from(order.filter((i) => (times[i] as number) >= cutoff)).sort();
}
