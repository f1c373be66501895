import {
  type CalibrationMethod,
  type Calibrator,
  calibrateAll,
  fitCalibrator,
} from '../calibration/calibrator.ts';
import type { Dataset, Predictor } from '../learners/types.ts';
import { brierScore, logLoss } from '../metrics/probabilistic.ts';
import { averagePrecision, rocAuc } from '../metrics/ranking.ts';
import { expectedCalibrationError } from '../metrics/reliability.ts';
import { accuracyAt } from '../metrics/threshold.ts';
import {
  type BlendWeights,
  blendPredictions,
  type CandidateName,
  chooseBlend,
  describeBlend,
} from './blend.ts';
import { crossFitScores, latestPositions, type TrainCandidate } from './cross-fit.ts';
import { selectRows, selectValues } from './dataset-rows.ts';
import { type Split, stratifiedKFold, timeHoldout } from './folds.ts';

export type { TrainCandidate } from './cross-fit.ts';

/** Seconds from an arbitrary origin; injected so tests never depend on wall time. */
export type Clock = () => number;

export interface FoldPlan {
  readonly candidates: readonly CandidateName[];
  readonly calibration: CalibrationMethod;
  /** Inner folds over the training fold whose out-of-fold scores fit the calibrator. */
  readonly innerFolds: number;
  readonly seed: number;
  /**
   * Row times for out-of-time validation. When present, the learner is chosen on the latest
   * `forwardFraction` of the training fold after training on the rows before it, so a learner
   * that degrades as time moves on loses to one that holds up.
   */
  readonly times?: ArrayLike<number>;
  readonly forwardFraction: number;
  /** Fit the calibrator on the latest share of the training fold only (needs `times`). */
  readonly recalibrateRecent?: number;
}
export interface FoldReport {
  readonly fold: number;
  readonly trainRows: number;
  readonly testRows: number;
  /** The model used on this fold, e.g. "boosting" or "blend(logistic 0.6, boosting 0.4)". */
  readonly model: string;
  readonly weights: BlendWeights;
  readonly calibration: Calibrator['method'];
  /** ROC-AUC of the calibrated probabilities (the score users see). */
  readonly rocAuc: number;
  readonly rocAucRaw: number;
  readonly prAuc: number;
  readonly logLossRaw: number;
  readonly logLoss: number;
  readonly brierRaw: number;
  readonly brier: number;
  readonly ece: number;
  readonly accuracy: number;
  /** How the learner was chosen: on inner out-of-fold scores, or on the latest training rows. */
  readonly selection: 'out-of-fold' | 'forward';
  /** Rows the calibrator was fitted on (all of the training fold, or its most recent share). */
  readonly calibrationRows: number;
  /** All training in the fold: inner cross-fitting, blend and calibrator choice, refit. */
  readonly fitSeconds: number;
  /** Scoring the test fold with the final blend and calibrator. */
  readonly predictSeconds: number;
}

export interface FoldOutcome {
  readonly report: FoldReport;
  readonly testProbabilities: Float64Array;
}

function predictAll(
  predictors: ReadonlyMap<CandidateName, Predictor>,
  data: Dataset,
): Map<CandidateName, Float64Array> {
  const out = new Map<CandidateName, Float64Array>();
  for (const [name, predictor] of predictors) out.set(name, predictor.predict(data));
  return out;
}

function singleOrBlend(
  candidates: readonly CandidateName[],
  predictions: ReadonlyMap<CandidateName, Float64Array>,
  labels: Float64Array,
): BlendWeights {
  if (candidates.length === 1) return { [candidates[0] as CandidateName]: 1 };
  return chooseBlend(predictions, labels).weights;
}

/**
 * Under time drift the learner that wins a shuffled validation is often the one that degrades
 * most on the next period, so the choice is made forward in time: train on the earlier part of
 * the training fold, score its latest part.
 */
function chooseForward(
  plan: FoldPlan,
  times: ArrayLike<number>,
  data: Dataset,
  y: Float64Array,
  train: TrainCandidate,
  seed: number,
): BlendWeights {
  if (plan.candidates.length === 1) return { [plan.candidates[0] as CandidateName]: 1 };
  const forward = timeHoldout(times, { testFraction: plan.forwardFraction });
  const earlier = selectRows(data, forward.train);
  const earlierLabels = selectValues(y, forward.train);
  const later = selectRows(data, forward.test);
  const predictions = new Map<CandidateName, Float64Array>();
  for (const name of plan.candidates)
    predictions.set(name, train(name, earlier, earlierLabels, seed).predict(later));
  return chooseBlend(predictions, selectValues(y, forward.test)).weights;
}

/**
 * One outer fold. The model choice, blend weights and calibrator are decided inside the
 * training fold, so the test fold is touched exactly once, for the final scores. The calibrator
 * is fitted on out-of-fold scores of the very learners that are then refit on the whole training
 * fold, so it matches the scores it will be applied to.
 */
export function runFold(
  fold: number,
  data: Dataset,
  y: Float64Array,
  split: Split,
  plan: FoldPlan,
  train: TrainCandidate,
  clock: Clock,
): FoldOutcome {
  const fitStart = clock();
  const seed = plan.seed + fold;
  const trainData = selectRows(data, split.train);
  const trainLabels = selectValues(y, split.train);
  const trainTimes = plan.times ? selectValues(plan.times, split.train) : undefined;
  const innerSplits = stratifiedKFold(trainLabels, plan.innerFolds, seed);
  let weights: BlendWeights;
  let outOfFold: Map<CandidateName, Float64Array>;
  if (trainTimes) {
    weights = chooseForward(plan, trainTimes, trainData, trainLabels, train, seed);
    const chosen = plan.candidates.filter((name) => (weights[name] ?? 0) > 0);
    outOfFold = crossFitScores(chosen, trainData, trainLabels, innerSplits, train, seed);
  } else {
    outOfFold = crossFitScores(plan.candidates, trainData, trainLabels, innerSplits, train, seed);
    weights = singleOrBlend(plan.candidates, outOfFold, trainLabels);
  }
  const chosen = plan.candidates.filter((name) => (weights[name] ?? 0) > 0);
  const blendedOutOfFold = blendPredictions(outOfFold, weights);
  const calibrationRows =
    plan.recalibrateRecent !== undefined && trainTimes
      ? latestPositions(trainTimes, plan.recalibrateRecent)
      : undefined;
  const calibrator = fitCalibrator(
    plan.calibration,
    calibrationRows ? selectValues(blendedOutOfFold, calibrationRows) : blendedOutOfFold,
    calibrationRows ? selectValues(trainLabels, calibrationRows) : trainLabels,
    seed,
  );
  const finalModels = new Map(
    chosen.map((name) => [name, train(name, trainData, trainLabels, seed)] as const),
  );
  const fitSeconds = clock() - fitStart;

  const predictStart = clock();
  const testData = selectRows(data, split.test);
  const raw = blendPredictions(predictAll(finalModels, testData), weights);
  const calibrated = calibrateAll(calibrator, raw);
  const predictSeconds = clock() - predictStart;

  const labels = selectValues(y, split.test);
  return {
    testProbabilities: calibrated,
    report: {
      fold,
      trainRows: split.train.length,
      testRows: split.test.length,
      model: describeBlend(weights),
      weights,
      calibration: calibrator.method,
      selection: trainTimes ? 'forward' : 'out-of-fold',
      calibrationRows: calibrationRows ? calibrationRows.length : split.train.length,
      rocAuc: rocAuc(labels, calibrated),
      rocAucRaw: rocAuc(labels, raw),
      prAuc: averagePrecision(labels, calibrated),
      logLossRaw: logLoss(labels, raw),
      logLoss: logLoss(labels, calibrated),
      brierRaw: brierScore(labels, raw),
      brier: brierScore(labels, calibrated),
      ece: expectedCalibrationError(labels, calibrated),
      accuracy: accuracyAt(labels, calibrated, 0.5),
      fitSeconds,
      predictSeconds,
    },
  };
}
