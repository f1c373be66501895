import { driftStatus, type FeatureDrift, type PsiReference, psiFromProportions } from '../drift/psi.ts';

/**
 * PSI of live data against training baselines, accumulated row by row so batch scoring can measure
 * drift of everything it scores without keeping the rows. Buckets follow `bucketProportions` in
 * scoring/drift/psi.ts: numeric cut points then missing; categorical levels, unseen, then missing.
 */
export class DriftAccumulator {
  readonly #references: readonly PsiReference[];
  readonly #counts: Float64Array[];
  readonly #levelIndex: (Map<number, number> | null)[];
  #rows = 0;

  constructor(references: readonly PsiReference[]) {
    this.#references = references;
    this.#counts = references.map((ref) => new Float64Array(ref.expected.length));
    this.#levelIndex = references.map((ref) =>
      ref.kind === 'categorical' ? new Map(ref.levels.map((level, k) => [level, k] as const)) : null,
    );
  }

  get rows(): number {
    return this.#rows;
  }

  /** Adds one row whose values are in the references' order. */
  add(values: ArrayLike<number>): void {
    for (let f = 0; f < this.#references.length; f++) {
      const ref = this.#references[f]!;
      const value = values[f]!;
      let bucket: number;
      if (ref.kind === 'numeric')
        bucket = Number.isNaN(value) ? ref.cutPoints.length + 1 : numericBucket(ref.cutPoints, value);
      else if (Number.isNaN(value)) bucket = ref.levels.length + 1;
      else bucket = this.#levelIndex[f]!.get(value) ?? ref.levels.length;
      this.#counts[f]![bucket]! += 1;
    }
    this.#rows += 1;
  }

  result(): FeatureDrift[] {
    return this.#references.map((ref, f) => {
      const counts = this.#counts[f]!;
      const actual = Array.from(counts, (c) => (this.#rows === 0 ? 0 : c / this.#rows));
      const psi = psiFromProportions(ref.expected, actual);
      return { feature: ref.feature, psi, status: driftStatus(psi) };
    });
  }
}

function numericBucket(cutPoints: readonly number[], value: number): number {
  let lo = 0;
  let hi = cutPoints.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= cutPoints[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface DriftReport {
  readonly rows: number;
  readonly score: FeatureDrift;
  /** Every feature, largest PSI first. */
  readonly features: readonly FeatureDrift[];
  readonly warn: number;
  readonly alert: number;
}

export function driftReport(
  rows: number,
  features: readonly FeatureDrift[],
  score: FeatureDrift,
): DriftReport {
  const sorted = [...features].sort((a, b) => b.psi - a.psi);
  return {
    rows,
    score,
    features: sorted,
    warn: sorted.filter((f) => f.status === 'warn').length,
    alert: sorted.filter((f) => f.status === 'alert').length,
  };
}
