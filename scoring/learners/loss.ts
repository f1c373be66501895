/**
 * Boosting losses. `gradients` writes A = -dL/draw and B = d2L/draw2 per row, the inputs of the
 * histogram sums, so a leaf value A/(B + l2) is one Newton step.
 */

export interface BoostingLoss {
  /** Constant raw prediction minimizing the loss on rows (prior log-odds or mean). */
  initialRaw(y: Float64Array, rows: Uint32Array): number;
  gradients(y: Float64Array, raw: Float64Array, rows: Uint32Array, a: Float64Array, b: Float64Array): void;
  /** Mean loss over rows. */
  meanLoss(y: Float64Array, raw: Float64Array, rows: Uint32Array): number;
}

function mean(y: Float64Array, rows: Uint32Array): number {
  let s = 0;
  for (let i = 0; i < rows.length; i++) s += y[rows[i]!]!;
  return s / rows.length;
}

export const logisticLoss: BoostingLoss = {
  initialRaw(y, rows) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, mean(y, rows)));
    return Math.log(p / (1 - p));
  },
  gradients(y, raw, rows, a, b) {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const p = 1 / (1 + Math.exp(-raw[r]!));
      a[r] = y[r]! - p;
      b[r] = p * (1 - p);
    }
  },
  meanLoss(y, raw, rows) {
    let s = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const z = raw[r]!;
      // log(1 + e^z) - y z, written so that large |z| neither overflows nor loses precision.
      const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      s += softplus - y[r]! * z;
    }
    return s / rows.length;
  },
};

export const squaredLoss: BoostingLoss = {
  initialRaw(y, rows) {
    return mean(y, rows);
  },
  gradients(y, raw, rows, a, b) {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      a[r] = y[r]! - raw[r]!;
      b[r] = 1;
    }
  },
  meanLoss(y, raw, rows) {
    let s = 0;
    for (let i = 0; i < rows.length; i++) {
      const d = y[rows[i]!]! - raw[rows[i]!]!;
      s += d * d;
    }
    return s / (2 * rows.length);
  },
};
