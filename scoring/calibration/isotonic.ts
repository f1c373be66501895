/**
 * Isotonic calibration: pool-adjacent-violators on (score, label) pairs from held-out rows,
 * stored as the knots of a monotone piecewise-linear map (the same representation and
 * linear interpolation sklearn's IsotonicRegression uses, clipped outside the fitted range).
 */
export interface IsotonicCalibrator {
  readonly method: 'isotonic';
  /** Increasing score knots. */
  readonly x: readonly number[];
  /** Non-decreasing calibrated probability at each knot. */
  readonly y: readonly number[];
  /**
   * Outputs are kept inside [floor, 1 - floor]: a block of 200 negatives is evidence of a low
   * rate, not of a zero one, and an exact 0 would make one surprise cost an unbounded log loss.
   */
  readonly floor: number;
}

export const DEFAULT_ISOTONIC_FLOOR = 1e-3;

/** Weighted pool-adjacent-violators; returns the non-decreasing fit for already-sorted values. */
export function poolAdjacentViolators(values: ArrayLike<number>, weights?: ArrayLike<number>): Float64Array {
  const n = values.length;
  const blockValue = new Float64Array(n);
  const blockWeight = new Float64Array(n);
  const blockSize = new Int32Array(n);
  let blocks = 0;
  for (let i = 0; i < n; i++) {
    blockValue[blocks] = values[i] as number;
    blockWeight[blocks] = weights ? (weights[i] as number) : 1;
    blockSize[blocks] = 1;
    blocks++;
    while (blocks > 1 && (blockValue[blocks - 2] as number) > (blockValue[blocks - 1] as number)) {
      const w = (blockWeight[blocks - 2] as number) + (blockWeight[blocks - 1] as number);
      blockValue[blocks - 2] =
        ((blockValue[blocks - 2] as number) * (blockWeight[blocks - 2] as number) +
          (blockValue[blocks - 1] as number) * (blockWeight[blocks - 1] as number)) /
        w;
      blockWeight[blocks - 2] = w;
      blockSize[blocks - 2] = (blockSize[blocks - 2] as number) + (blockSize[blocks - 1] as number);
      blocks--;
    }
  }
  const fitted = new Float64Array(n);
  let at = 0;
  for (let b = 0; b < blocks; b++) {
    for (let k = 0; k < (blockSize[b] as number); k++) fitted[at++] = blockValue[b] as number;
  }
  return fitted;
}

export function fitIsotonic(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  floor = DEFAULT_ISOTONIC_FLOOR,
): IsotonicCalibrator {
  if (scores.length !== labels.length || scores.length === 0) {
    throw new RangeError(
      `fitIsotonic: need matching non-empty scores and labels, got ${scores.length} and ${labels.length}`,
    );
  }
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  // Rows sharing a score are pooled first, as sklearn does, so ties cannot be split by PAV.
  const uniqueX: number[] = [];
  const meanY: number[] = [];
  const weight: number[] = [];
  for (const i of order) {
    const s = scores[i] as number;
    if (!Number.isFinite(s)) throw new RangeError(`fitIsotonic: score at index ${i} is ${s}`);
    const last = uniqueX.length - 1;
    if (last >= 0 && uniqueX[last] === s) {
      const w = (weight[last] as number) + 1;
      meanY[last] = ((meanY[last] as number) * (weight[last] as number) + (labels[i] as number)) / w;
      weight[last] = w;
    } else {
      uniqueX.push(s);
      meanY.push(labels[i] as number);
      weight.push(1);
    }
  }
  const fitted = poolAdjacentViolators(meanY, weight);
  // Keep only the knots where the step function changes slope; interior points of flat runs add nothing.
  const x: number[] = [];
  const y: number[] = [];
  for (let k = 0; k < uniqueX.length; k++) {
    const value = fitted[k] as number;
    const previous = k > 0 ? (fitted[k - 1] as number) : Number.NaN;
    const next = k + 1 < uniqueX.length ? (fitted[k + 1] as number) : Number.NaN;
    if (value === previous && value === next) continue;
    x.push(uniqueX[k] as number);
    y.push(value);
  }
  return { method: 'isotonic', x, y, floor };
}

export function applyIsotonic(model: IsotonicCalibrator, score: number): number {
  const { x, y } = model;
  const n = x.length;
  let value: number;
  if (n === 1 || score <= (x[0] as number)) value = y[0] as number;
  else if (score >= (x[n - 1] as number)) value = y[n - 1] as number;
  else {
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((x[mid] as number) <= score) lo = mid;
      else hi = mid;
    }
    const x0 = x[lo] as number;
    const x1 = x[hi] as number;
    const t = (score - x0) / (x1 - x0);
    value = (y[lo] as number) + t * ((y[hi] as number) - (y[lo] as number));
  }
  return Math.min(1 - model.floor, Math.max(model.floor, value));
}
