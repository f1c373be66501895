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
import { selectRows, selectValues } from './dataset-rows.ts';
import { type Split, stratifiedHoldout } from './folds.ts';

/** Trains one candidate model; `seed` makes any randomness inside it reproducible. */
export type TrainCandidate = (name: CandidateName, data: Dataset, y: Float64Array, seed: number) => Predictor;

/** Seconds from an arbitrary origin; injected so tests never depend on wall time. */
export type Clock = () => number;

export interface FoldPlan {
  readonly candidates: readonly CandidateName[];
  readonly calibration: CalibrationMethod;
  /** Share of each training fold held out to choose the blend and fit the calibrator. */
  readonly holdoutFraction: number;
  /** Retrain the chosen models on the whole training fold after choosing and calibrating. */
  readonly refit: boolean;
  readonly seed: number;
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
  /** All training in the fold: candidates on the inner split, blend and calibrator choice, refit. */
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

/**
 * One outer fold. Model choice, blend weights and the calibrator are all decided on a
 * stratified holdout carved out of the training fold, so the test fold is touched exactly once,
 * for the final scores.
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
  const inner = stratifiedHoldout(y, split.train, plan.holdoutFraction, plan.seed + fold);
  const innerTrain = selectRows(data, inner.train);
  const innerTrainLabels = selectValues(y, inner.train);
  const validation = selectRows(data, inner.test);
  const validationLabels = selectValues(y, inner.test);
  const innerModels = new Map<CandidateName, Predictor>();
  for (const name of plan.candidates)
    innerModels.set(name, train(name, innerTrain, innerTrainLabels, plan.seed + fold));
  const validationPredictions = predictAll(innerModels, validation);
  const only = plan.candidates[0] as CandidateName;
  const weights: BlendWeights =
    plan.candidates.length > 1 ? chooseBlend(validationPredictions, validationLabels).weights : { [only]: 1 };
  const calibrator = fitCalibrator(
    plan.calibration,
    blendPredictions(validationPredictions, weights),
    validationLabels,
    plan.seed + fold,
  );
  const chosen = plan.candidates.filter((name) => (weights[name] ?? 0) > 0);
  let finalModels: Map<CandidateName, Predictor>;
  if (plan.refit) {
    const trainData = selectRows(data, split.train);
    const trainLabels = selectValues(y, split.train);
    finalModels = new Map(
      chosen.map((name) => [name, train(name, trainData, trainLabels, plan.seed + fold)] as const),
    );
  } else finalModels = new Map(chosen.map((name) => [name, innerModels.get(name) as Predictor] as const));
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
