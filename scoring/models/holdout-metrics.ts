import { type LiftTable, liftTable } from '../metrics/lift.ts';
import { brierScore, logLoss } from '../metrics/probabilistic.ts';
import { averagePrecision, rocAuc } from '../metrics/ranking.ts';
import { expectedCalibrationError, type ReliabilityBin, reliabilityTable } from '../metrics/reliability.ts';

/** Quality of calibrated probabilities on the out-of-time holdout: what the report and the registry read. */
export interface BinaryHoldoutMetrics {
  readonly rows: number;
  readonly positives: number;
  readonly baseRate: number;
  readonly rocAuc: number;
  readonly prAuc: number;
  readonly logLoss: number;
  readonly brier: number;
  readonly ece: number;
  readonly lift: LiftTable;
  readonly reliability: readonly ReliabilityBin[];
  /** Rows per 0–100 score band of width 10 (the last band includes 100). */
  readonly scoreHistogram: readonly number[];
}

export function scoreHistogram(probabilities: ArrayLike<number>, bins = 10): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < probabilities.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(probabilities[i]! * bins)));
    counts[b]! += 1;
  }
  return counts;
}

export function binaryHoldoutMetrics(y: Float64Array, probabilities: Float64Array): BinaryHoldoutMetrics {
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i]!;
  const twoClasses = positives > 0 && positives < y.length;
  return {
    rows: y.length,
    positives,
    baseRate: y.length === 0 ? Number.NaN : positives / y.length,
    rocAuc: twoClasses ? rocAuc(y, probabilities) : Number.NaN,
    prAuc: twoClasses ? averagePrecision(y, probabilities) : Number.NaN,
    logLoss: logLoss(y, probabilities),
    brier: brierScore(y, probabilities),
    ece: expectedCalibrationError(y, probabilities),
    lift: liftTable(y, probabilities, Math.min(10, y.length)),
    reliability: reliabilityTable(y, probabilities),
    scoreHistogram: scoreHistogram(probabilities),
  };
}
