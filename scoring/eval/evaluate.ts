import { z } from 'zod';
import type { Dataset } from '../learners/types.ts';
import { type LiftTable, liftTable } from '../metrics/lift.ts';
import { type ReliabilityBin, reliabilityTable } from '../metrics/reliability.ts';
import type { CandidateName } from './blend.ts';
import { type CandidateParams, makeTrainCandidate } from './candidates.ts';
import { type Clock, type FoldReport, runFold, type TrainCandidate } from './fold-runner.ts';
import { type Split, stratifiedKFold, timeHoldout } from './folds.ts';
import { type MetricSummary, summarize } from './summary.ts';

export const ModelChoiceSchema = z.enum(['forest', 'boosting', 'logistic', 'auto']);
export type ModelChoice = z.infer<typeof ModelChoiceSchema>;

const SettingsSchema = z.object({
  model: ModelChoiceSchema.default('auto'),
  folds: z.number().int().min(2).max(50).default(5),
  seed: z.number().int().default(42),
  calibration: z.enum(['isotonic', 'platt', 'none', 'auto']).default('auto'),
  /** Inner folds whose out-of-fold scores choose the blend and fit the calibrator. */
  innerFolds: z.number().int().min(2).max(10).default(3),
  /** Out of time: share of the latest rows held out as the test period. */
  testFraction: z.number().gt(0).lt(1).default(0.2),
  /** Out of time: share of the latest training rows the learner is chosen on. */
  forwardFraction: z.number().gt(0).lt(1).default(0.25),
  /** Fit the calibrator on this latest share of the training rows only (needs times). */
  recalibrateRecent: z.number().gt(0).max(1).optional(),
  liftBands: z.number().int().min(2).max(100).default(10),
});

export interface EvaluateOptions extends z.input<typeof SettingsSchema> {
  readonly data: Dataset;
  /** 0/1 labels, one per row. */
  readonly y: Float64Array;
  /** Learner settings per candidate; defaults are tuned for small CRM tables. */
  readonly params?: CandidateParams;
  /**
   * One time per row (e.g. epoch ms; NaN = unknown) for out-of-time validation: train on the
   * earlier rows, test on the latest `testFraction`, and choose the learner forward in time.
   */
  readonly times?: ArrayLike<number>;
  /** Replaces the k-fold (or out-of-time) splits, e.g. in tests. */
  readonly splits?: readonly Split[];
  /** Replaces the built-in learners (tests, or custom candidates). */
  readonly train?: TrainCandidate;
  readonly clock?: Clock;
  /** Called after each fold, for progress output. */
  readonly onFold?: (report: FoldReport) => void;
}

export const SUMMARY_METRICS = [
  'rocAuc',
  'rocAucRaw',
  'prAuc',
  'logLossRaw',
  'logLoss',
  'brierRaw',
  'brier',
  'ece',
  'accuracy',
  'fitSeconds',
  'predictSeconds',
] as const;
export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

export interface EvaluationReport {
  readonly model: ModelChoice;
  /** 'cross-validation' (stratified k folds) or 'out-of-time' (latest rows held out). */
  readonly validation: 'cross-validation' | 'out-of-time';
  readonly recalibrateRecent?: number;
  readonly seed: number;
  readonly nRows: number;
  readonly positiveRate: number;
  readonly folds: readonly FoldReport[];
  readonly summary: Readonly<Record<SummaryMetric, MetricSummary>>;
  /** Lift/gains of the calibrated out-of-fold scores pooled over all folds. */
  readonly lift: LiftTable;
  readonly reliability: readonly ReliabilityBin[];
  /** Calibrated out-of-fold probability per row (NaN for rows never in a test fold). */
  readonly outOfFold: Float64Array;
}

function candidatesFor(model: ModelChoice): CandidateName[] {
  return model === 'auto' ? ['logistic', 'boosting', 'forest'] : [model];
}

function defaultClock(): number {
  return performance.now() / 1000;
}

/**
 * Cross-validated evaluation of a binary scorer: per-fold and mean +- sd metrics of the raw and
 * calibrated probabilities, plus the pooled out-of-fold lift table marketers read.
 */
export function evaluate(options: EvaluateOptions): EvaluationReport {
  const settings = SettingsSchema.parse(options);
  const { data, y } = options;
  if (y.length !== data.nRows)
    throw new RangeError(`evaluate: dataset has ${data.nRows} rows but ${y.length} labels`);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1)
      throw new RangeError(`evaluate: label at row ${i} is ${y[i]}; expected 0 or 1`);
    positives += y[i] as number;
  }
  const { times } = options;
  if (times !== undefined && times.length !== y.length)
    throw new RangeError(`evaluate: ${y.length} labels but ${times.length} times`);
  if (settings.recalibrateRecent !== undefined && times === undefined)
    throw new RangeError('evaluate: recalibrating on recent outcomes needs a time per row');
  const needed = times === undefined ? settings.folds : settings.innerFolds;
  const unit = times === undefined ? 'folds' : 'inner folds';
  if (positives < needed || y.length - positives < needed) {
    throw new RangeError(
      `evaluate: ${positives} positive and ${y.length - positives} negative rows; each class needs at least ${needed} rows for ${needed} ${unit}`,
    );
  }
  const splits =
    options.splits ??
    (times === undefined
      ? stratifiedKFold(y, settings.folds, settings.seed)
      : [timeHoldout(times, { testFraction: settings.testFraction })]);
  const train = options.train ?? makeTrainCandidate(options.params ?? {});
  const clock = options.clock ?? defaultClock;
  const plan = {
    candidates: candidatesFor(settings.model),
    calibration: settings.calibration,
    innerFolds: settings.innerFolds,
    seed: settings.seed,
    forwardFraction: settings.forwardFraction,
    ...(times === undefined ? {} : { times }),
    ...(settings.recalibrateRecent === undefined ? {} : { recalibrateRecent: settings.recalibrateRecent }),
  };
  const outOfFold = new Float64Array(y.length).fill(Number.NaN);
  const folds: FoldReport[] = [];
  splits.forEach((split, k) => {
    const outcome = runFold(k + 1, data, y, split, plan, train, clock);
    split.test.forEach((row, position) => {
      outOfFold[row] = outcome.testProbabilities[position] as number;
    });
    folds.push(outcome.report);
    options.onFold?.(outcome.report);
  });
  const scored = [...outOfFold.keys()].filter((i) => !Number.isNaN(outOfFold[i]));
  const pooledLabels = Float64Array.from(scored, (i) => y[i] as number);
  const pooledScores = Float64Array.from(scored, (i) => outOfFold[i] as number);
  const summary = Object.fromEntries(
    SUMMARY_METRICS.map((metric) => [metric, summarize(folds.map((f) => f[metric]))]),
  ) as Record<SummaryMetric, MetricSummary>;
  return {
    model: settings.model,
    validation: times === undefined ? 'cross-validation' : 'out-of-time',
    ...(settings.recalibrateRecent === undefined ? {} : { recalibrateRecent: settings.recalibrateRecent }),
    seed: settings.seed,
    nRows: y.length,
    positiveRate: positives / y.length,
    folds,
    summary,
    lift: liftTable(pooledLabels, pooledScores, Math.min(settings.liftBands, pooledLabels.length)),
    reliability: reliabilityTable(pooledLabels, pooledScores),
    outOfFold,
  };
}
