import { type CalibrationMethod, type Calibrator, fitCalibrator } from '../calibration/calibrator.ts';
import { fitIsotonic } from '../calibration/isotonic.ts';
import { applyPlatt, fitPlatt } from '../calibration/platt.ts';
import type { CandidateName } from '../eval/blend.ts';
import type { CandidateParams } from '../eval/candidates.ts';
import type { Dataset } from '../learners/types.ts';
import { logLoss } from '../metrics/probabilistic.ts';
import { rocAuc } from '../metrics/ranking.ts';
import { CANDIDATE_WORDS, candidateNames, type LearnerChoice, trainCandidate } from './candidates.ts';
import { type FittedLearner, learnerRuntime, rawProbability } from './fitted-learner.ts';

/** Fewer outcomes of the rarer class than this and 'auto' calibration means Platt. */
const SMALL_CALIBRATION_SET = 100;

export interface CandidateResult {
  readonly name: CandidateName;
  /** Log loss on the calibration rows after a Platt fit: how good it will be once calibrated. */
  readonly calibrationLogLoss: number;
  readonly calibrationRocAuc: number;
  readonly fitSeconds: number;
}

export interface LearnerSelection {
  readonly learner: FittedLearner;
  readonly chosen: CandidateName;
  readonly calibrator: Calibrator;
  readonly candidates: readonly CandidateResult[];
}

export function rawProbabilities(learner: FittedLearner, data: Dataset): Float64Array {
  const runtime = learnerRuntime(learner);
  const margins = runtime.margins(data);
  for (let i = 0; i < margins.length; i++) margins[i] = rawProbability(runtime.link, margins[i]!);
  return margins;
}

function hasBothClasses(y: Float64Array): boolean {
  let positives = 0;
  for (const v of y) positives += v;
  return positives > 0 && positives < y.length;
}

/**
 * A calibrator that can only raise the score as the model's own score rises; a Platt fit with a
 * negative slope (a model that ranks backwards on the calibration rows) is replaced by isotonic.
 */
function monotoneCalibrator(
  method: CalibrationMethod,
  scores: Float64Array,
  y: Float64Array,
  seed: number,
): Calibrator {
  if (!hasBothClasses(y)) return { method: 'identity' };
  let positives = 0;
  for (const v of y) positives += v;
  // Isotonic steps fitted on a few dozen outcomes put whole score ranges at 0 % or 99.9 % (seen on
  // the demo leads with 27 positives), so small calibration sets get the two-parameter Platt map.
  const rare = Math.min(positives, y.length - positives) < SMALL_CALIBRATION_SET;
  const calibrator = fitCalibrator(method === 'auto' && rare ? 'platt' : method, scores, y, seed);
  return calibrator.method === 'platt' && calibrator.a <= 0 ? fitIsotonic(scores, y) : calibrator;
}

/**
 * Trains every candidate on the fit rows, scores them on the (later) calibration rows, keeps the one
 * with the lowest Platt-calibrated log loss there, and fits the final calibrator on those rows. The
 * holdout is not touched: it stays an honest test of the whole procedure.
 */
export function selectLearner(
  choice: LearnerChoice,
  fit: { data: Dataset; y: Float64Array },
  calibration: { data: Dataset; y: Float64Array },
  options: {
    seed: number;
    calibration: CalibrationMethod;
    params?: CandidateParams;
    now?: () => number;
    /** Progress of each candidate's fit, as "gradient boosting, 2 of 3" with trees grown of all. */
    onProgress?: (step: string, done: number, total: number) => void;
  },
): LearnerSelection {
  const now = options.now ?? (() => performance.now() / 1000);
  const calibrationUsable = hasBothClasses(calibration.y);
  let best: { learner: FittedLearner; name: CandidateName; loss: number; scores: Float64Array } | null = null;
  const candidates: CandidateResult[] = [];
  const names = candidateNames(choice);
  for (const [index, name] of names.entries()) {
    const started = now();
    const step =
      names.length > 1 ? `${CANDIDATE_WORDS[name]}, ${index + 1} of ${names.length}` : CANDIDATE_WORDS[name];
    const progress = options.onProgress;
    const learner = trainCandidate(
      name,
      fit.data,
      fit.y,
      options.seed,
      options.params,
      progress && ((done, total) => progress(step, done, total)),
    );
    const fitSeconds = now() - started;
    const scores = rawProbabilities(learner, calibration.data);
    let loss = Number.NaN;
    let auc = Number.NaN;
    if (calibrationUsable) {
      const platt = fitPlatt(scores, calibration.y);
      loss = logLoss(
        calibration.y,
        Float64Array.from(scores, (s) => applyPlatt(platt, s)),
      );
      auc = rocAuc(calibration.y, scores);
    }
    candidates.push({ name, calibrationLogLoss: loss, calibrationRocAuc: auc, fitSeconds });
    if (!best || loss < best.loss || (Number.isNaN(best.loss) && !Number.isNaN(loss)))
      best = { learner, name, loss, scores };
  }
  if (!best) throw new Error('selectLearner: no candidate learner to train');
  const calibrator = monotoneCalibrator(options.calibration, best.scores, calibration.y, options.seed);
  return { learner: best.learner, chosen: best.name, calibrator, candidates };
}
