import { z } from 'zod';
import { stratifiedKFold } from '../eval/folds.ts';
import { logLoss } from '../metrics/probabilistic.ts';
import { applyIsotonic, fitIsotonic, type IsotonicCalibrator } from './isotonic.ts';
import { applyPlatt, fitPlatt, type PlattCalibrator } from './platt.ts';

export interface IdentityCalibrator {
  readonly method: 'identity';
}

/** A fitted score -> probability map, stored as plain JSON next to the model. */
export type Calibrator = IsotonicCalibrator | PlattCalibrator | IdentityCalibrator;
export type CalibrationMethod = 'isotonic' | 'platt' | 'none' | 'auto';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const CalibratorSchema = z.discriminatedUnion('method', [
  z
    .object({
      method: z.literal('isotonic'),
      x: z.array(finite).min(1),
      y: z.array(z.number().min(0).max(1)).min(1),
      floor: z.number().min(0).max(0.5),
    })
    .refine((c) => c.x.length === c.y.length, 'x and y must have the same length')
    .refine(
      (c) => c.x.every((v, i) => i === 0 || v > (c.x[i - 1] as number)),
      'x must be strictly increasing',
    )
    .refine((c) => c.y.every((v, i) => i === 0 || v >= (c.y[i - 1] as number)), 'y must be non-decreasing'),
  z.object({ method: z.literal('platt'), a: finite, b: finite, input: z.enum(['logit', 'raw']) }),
  z.object({ method: z.literal('identity') }),
]);

/** Validates calibrator JSON read from disk; the error lists the offending path. */
export function parseCalibrator(json: unknown): Calibrator {
  const result = CalibratorSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `invalid calibrator at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown problem'}`,
    );
  }
  return result.data;
}

export function applyCalibrator(calibrator: Calibrator, score: number): number {
  switch (calibrator.method) {
    case 'isotonic':
      return applyIsotonic(calibrator, score);
    case 'platt':
      return applyPlatt(calibrator, score);
    case 'identity':
      return score;
  }
}

export function calibrateAll(calibrator: Calibrator, scores: ArrayLike<number>): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = applyCalibrator(calibrator, scores[i] as number);
  return out;
}

function fitMethod(
  method: 'isotonic' | 'platt',
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
): Calibrator {
  return method === 'isotonic' ? fitIsotonic(scores, labels) : fitPlatt(scores, labels);
}

function pick(values: ArrayLike<number>, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k] as number] as number;
  return out;
}

/** Cross-fitted log loss of a calibration method on the held-out rows themselves. */
function crossFittedLogLoss(
  method: 'isotonic' | 'platt',
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  seed: number,
): number {
  const calibrated = new Float64Array(scores.length);
  for (const split of stratifiedKFold(labels, 3, seed)) {
    const model = fitMethod(method, pick(scores, split.train), pick(labels, split.train));
    for (const i of split.test) calibrated[i] = applyCalibrator(model, scores[i] as number);
  }
  return logLoss(labels, calibrated);
}

function looksLikeProbabilities(scores: ArrayLike<number>): boolean {
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (!(s >= 0 && s <= 1)) return false;
  }
  return true;
}

/**
 * Fits a calibrator on held-out (score, label) pairs. 'auto' compares Platt and isotonic by
 * 3-fold cross-fitted log loss on those same rows, and the unchanged scores by their plain log
 * loss, then refits the winner on all rows: isotonic wins on large calibration sets and badly
 * shaped scores (fully grown forests), Platt on small sets where isotonic steps overfit, and
 * no mapping at all when the model is already calibrated (boosting on log loss often is), which
 * avoids adding the calibrator's own fitting noise.
 */
export function fitCalibrator(
  method: CalibrationMethod,
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  seed = 42,
): Calibrator {
  if (method === 'none') return { method: 'identity' };
  if (method !== 'auto') return fitMethod(method, scores, labels);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  if (positives < 3 || labels.length - positives < 3) return fitPlatt(scores, labels);
  const platt = crossFittedLogLoss('platt', scores, labels, seed);
  const isotonic = crossFittedLogLoss('isotonic', scores, labels, seed);
  const unchanged = looksLikeProbabilities(scores) ? logLoss(labels, scores) : Number.POSITIVE_INFINITY;
  if (unchanged <= platt && unchanged <= isotonic) return { method: 'identity' };
  return fitMethod(isotonic < platt ? 'isotonic' : 'platt', scores, labels);
}
