import { checkBinaryInputs } from './validate.ts';

export interface ConfusionMatrix {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly trueNegatives: number;
  readonly falseNegatives: number;
}

export interface ThresholdMetrics {
  readonly threshold: number;
  readonly accuracy: number;
  /** NaN when nothing is predicted positive (sklearn warns and reports 0; NaN keeps "undefined" visible). */
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly confusion: ConfusionMatrix;
}

/** Confusion matrix when rows with score >= threshold are called positive. */
export function confusionMatrix(
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold = 0.5,
): ConfusionMatrix {
  checkBinaryInputs('confusionMatrix', y, scores);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const predictedPositive = (scores[i] as number) >= threshold;
    if (y[i] === 1) {
      if (predictedPositive) tp++;
      else fn++;
    } else if (predictedPositive) fp++;
    else tn++;
  }
  return { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn };
}

export function thresholdMetrics(
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold = 0.5,
): ThresholdMetrics {
  const c = confusionMatrix(y, scores, threshold);
  const total = c.truePositives + c.falsePositives + c.trueNegatives + c.falseNegatives;
  const predictedPositive = c.truePositives + c.falsePositives;
  const actualPositive = c.truePositives + c.falseNegatives;
  const precision = predictedPositive === 0 ? Number.NaN : c.truePositives / predictedPositive;
  const recall = actualPositive === 0 ? Number.NaN : c.truePositives / actualPositive;
  const f1 =
    2 * c.truePositives + c.falsePositives + c.falseNegatives === 0
      ? Number.NaN
      : (2 * c.truePositives) / (2 * c.truePositives + c.falsePositives + c.falseNegatives);
  return {
    threshold,
    accuracy: (c.truePositives + c.trueNegatives) / total,
    precision,
    recall,
    f1,
    confusion: c,
  };
}

export function accuracyAt(y: ArrayLike<number>, scores: ArrayLike<number>, threshold = 0.5): number {
  return thresholdMetrics(y, scores, threshold).accuracy;
}
