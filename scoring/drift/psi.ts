import { z } from 'zod';
import type { Dataset } from '../learners/types.ts';

/** Siddiqi's rule of thumb: < 0.10 stable, 0.10-0.25 investigate, >= 0.25 act or retrain. */
export type DriftStatus = 'ok' | 'warn' | 'alert';
export const PSI_WARN = 0.1;
export const PSI_ALERT = 0.25;
/** Floor for empty buckets so a level that vanished gives a large but finite PSI. */
export const PSI_EPSILON = 1e-4;

export function driftStatus(psi: number): DriftStatus {
  if (psi >= PSI_ALERT) return 'alert';
  if (psi >= PSI_WARN) return 'warn';
  return 'ok';
}

const proportions = z.array(z.number().min(0).max(1));
export const PsiReferenceSchema = z.discriminatedUnion('kind', [
  /** Buckets: x <= cutPoints[0], ..., x > last cut point, then missing. */
  z.object({
    kind: z.literal('numeric'),
    feature: z.string(),
    cutPoints: z.array(z.number()),
    expected: proportions,
  }),
  /** Buckets: each training level, then levels unseen in training, then missing. */
  z.object({
    kind: z.literal('categorical'),
    feature: z.string(),
    levels: z.array(z.number()),
    expected: proportions,
  }),
]);
export type PsiReference = z.infer<typeof PsiReferenceSchema>;

export interface FeatureDrift {
  readonly feature: string;
  readonly psi: number;
  readonly status: DriftStatus;
}

/** PSI = sum over buckets of (actual - expected) * ln(actual / expected), both floored at epsilon. */
export function psiFromProportions(
  expected: readonly number[],
  actual: readonly number[],
  epsilon = PSI_EPSILON,
): number {
  if (expected.length !== actual.length) {
    throw new RangeError(
      `psiFromProportions: ${expected.length} expected buckets but ${actual.length} actual buckets`,
    );
  }
  let psi = 0;
  for (let b = 0; b < expected.length; b++) {
    const e = Math.max(expected[b] as number, epsilon);
    const a = Math.max(actual[b] as number, epsilon);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

function isMissing(value: number): boolean {
  return Number.isNaN(value);
}

/** Distinct training quantiles, so heavy ties never produce empty duplicate buckets. */
function quantileCutPoints(values: ArrayLike<number>, bins: number): number[] {
  const present: number[] = [];
  for (let i = 0; i < values.length; i++)
    if (!isMissing(values[i] as number)) present.push(values[i] as number);
  present.sort((a, b) => a - b);
  const cuts: number[] = [];
  for (let q = 1; q < bins; q++) {
    const at = Math.ceil((q * present.length) / bins) - 1;
    const cut = present[Math.max(0, at)];
    if (cut !== undefined && cut !== cuts[cuts.length - 1] && cut !== present[present.length - 1])
      cuts.push(cut);
  }
  return cuts;
}

/**
 * Relative slack of a cut point. Calibrated scores sit on a few tied values (isotonic steps), and the
 * same row's score computed along another path (TreeSHAP reasons vs plain prediction) can differ in
 * the last bits: without slack a whole tied step lands in the next bucket and reads as drift.
 */
const CUT_SLACK = 1e-9;

function numericBucket(cutPoints: readonly number[], value: number): number {
  if (isMissing(value)) return cutPoints.length + 1;
  let lo = 0;
  let hi = cutPoints.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const cut = cutPoints[mid] as number;
    if (value <= cut + CUT_SLACK * Math.max(1, Math.abs(cut))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Share of `values` falling in each bucket of `reference`. */
export function bucketProportions(reference: PsiReference, values: ArrayLike<number>): number[] {
  const counts = new Array<number>(reference.expected.length).fill(0);
  const levelIndex =
    reference.kind === 'categorical'
      ? new Map(reference.levels.map((level, k) => [level, k] as const))
      : undefined;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    let bucket: number;
    if (reference.kind === 'numeric') bucket = numericBucket(reference.cutPoints, value);
    else if (isMissing(value)) bucket = reference.levels.length + 1;
    else bucket = levelIndex?.get(value) ?? reference.levels.length;
    counts[bucket] = (counts[bucket] as number) + 1;
  }
  return counts.map((c) => (values.length === 0 ? 0 : c / values.length));
}

export function numericPsiReference(feature: string, values: ArrayLike<number>, bins = 10): PsiReference {
  if (!Number.isInteger(bins) || bins < 2)
    throw new RangeError(`numericPsiReference: bins must be an integer >= 2, got ${bins}`);
  const cutPoints = quantileCutPoints(values, bins);
  const shape: PsiReference = {
    kind: 'numeric',
    feature,
    cutPoints,
    expected: new Array(cutPoints.length + 2).fill(0),
  };
  return { ...shape, expected: bucketProportions(shape, values) };
}

export function categoricalPsiReference(feature: string, codes: ArrayLike<number>): PsiReference {
  const levels = new Set<number>();
  for (let i = 0; i < codes.length; i++) if (!isMissing(codes[i] as number)) levels.add(codes[i] as number);
  const sorted = [...levels].sort((a, b) => a - b);
  const shape: PsiReference = {
    kind: 'categorical',
    feature,
    levels: sorted,
    expected: new Array(sorted.length + 2).fill(0),
  };
  return { ...shape, expected: bucketProportions(shape, codes) };
}

export function psiAgainst(reference: PsiReference, current: ArrayLike<number>): FeatureDrift {
  const psi = psiFromProportions(reference.expected, bucketProportions(reference, current));
  return { feature: reference.feature, psi, status: driftStatus(psi) };
}

/** Reference profile of every feature of the training data, stored with the model. */
export function datasetPsiReference(training: Dataset, bins = 10): PsiReference[] {
  return training.featureNames.map((name, j) => {
    const column = training.columns[j] as Float64Array;
    return training.categorical[j]
      ? categoricalPsiReference(name, column)
      : numericPsiReference(name, column, bins);
  });
}

/** PSI of every feature of `current` against the training profile; features are matched by name. */
export function datasetDrift(reference: readonly PsiReference[], current: Dataset): FeatureDrift[] {
  return reference.map((ref) => {
    const j = current.featureNames.indexOf(ref.feature);
    if (j < 0)
      throw new Error(
        `datasetDrift: feature '${ref.feature}' is in the training profile but not in the current data`,
      );
    return psiAgainst(ref, current.columns[j] as Float64Array);
  });
}

/** PSI of the model score between training (or validation) scores and live scores. */
export function scorePsi(
  referenceScores: ArrayLike<number>,
  currentScores: ArrayLike<number>,
  bins = 10,
): FeatureDrift {
  return psiAgainst(numericPsiReference('score', referenceScores, bins), currentScores);
}
