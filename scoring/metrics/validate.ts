/**
 * Shared input checks for metric functions. Metrics are called from the evaluator, the CLI and
 * user reports, so a length mismatch or a label outside {0,1} must fail loudly with the index
 * that is wrong rather than produce a quietly wrong number.
 */
export function assertSameLength(name: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new RangeError(
      `${name}: labels have ${a.length} entries but scores have ${b.length}; pass one score per label`,
    );
  }
  if (a.length === 0) throw new RangeError(`${name}: no rows to score`);
}

export function assertBinaryLabels(name: string, y: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) {
      throw new RangeError(`${name}: label at index ${i} is ${String(v)}; binary metrics need 0 or 1`);
    }
  }
}

export function countPositives(y: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < y.length; i++) n += y[i] === 1 ? 1 : 0;
  return n;
}

/** Indices sorted by score descending; ties keep index order so results are deterministic. */
export function indicesByScoreDesc(scores: ArrayLike<number>): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  return order;
}

export function assertFiniteScores(name: string, scores: ArrayLike<number>): void {
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) {
      throw new RangeError(
        `${name}: score at index ${i} is ${String(scores[i])}; scores must be finite numbers`,
      );
    }
  }
}

/** Checks shared by every binary-classification metric. */
export function checkBinaryInputs(name: string, y: ArrayLike<number>, scores: ArrayLike<number>): void {
  assertSameLength(name, y, scores);
  assertBinaryLabels(name, y);
  assertFiniteScores(name, scores);
}
