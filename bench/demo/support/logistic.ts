/**
 * L2-regularised logistic regression fitted by Newton's method on standardised features: the
 * "simple, honest model" used to check that the demo data is learnable. Small and exact enough
 * for a few thousand rows and a few dozen features.
 */

export interface LogisticModel {
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  readonly weights: Float64Array;
}

function solve(a: readonly Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m: Float64Array[] = a.map((row, i) => {
    const r: Float64Array = new Float64Array(n + 1);
    r.set(row);
    r[n] = b[i] as number;
    return r;
  });
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r]?.[col] as number) > Math.abs(m[pivot]?.[col] as number)) pivot = r;
    const swap = m[col] as Float64Array;
    m[col] = m[pivot] as Float64Array;
    m[pivot] = swap;
    const pr = m[col] as Float64Array;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = m[r] as Float64Array;
      const f = (row[col] as number) / (pr[col] as number);
      if (f === 0) continue;
      for (let k = col; k <= n; k++) row[k] = (row[k] as number) - f * (pr[k] as number);
    }
  }
  return Float64Array.from(
    { length: n },
    (_, i) => ((m[i] as Float64Array)[n] as number) / ((m[i] as Float64Array)[i] as number),
  );
}

function design(x: readonly number[][], mean: Float64Array, scale: Float64Array): Float64Array[] {
  return x.map((row) => {
    const z = new Float64Array(row.length + 1);
    z[0] = 1;
    for (let j = 0; j < row.length; j++)
      z[j + 1] = ((row[j] as number) - (mean[j] as number)) / (scale[j] as number);
    return z;
  });
}

export function fitLogistic(
  x: readonly number[][],
  y: readonly number[],
  l2 = 1,
  iterations = 25,
): LogisticModel {
  const d = x[0]?.length ?? 0;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const row of x)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (row[j] as number) / x.length;
  for (const row of x)
    for (let j = 0; j < d; j++)
      scale[j] = (scale[j] as number) + ((row[j] as number) - (mean[j] as number)) ** 2 / x.length;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j] as number) || 1;
  const z = design(x, mean, scale);
  let w = new Float64Array(d + 1);
  for (let it = 0; it < iterations; it++) {
    const hessian = Array.from({ length: d + 1 }, (_, i) => {
      const row = new Float64Array(d + 1);
      if (i > 0) row[i] = l2;
      return row;
    });
    const gradient = new Float64Array(d + 1);
    for (let j = 1; j <= d; j++) gradient[j] = l2 * (w[j] as number);
    z.forEach((row, i) => {
      let eta = 0;
      for (let j = 0; j <= d; j++) eta += (w[j] as number) * (row[j] as number);
      const p = 1 / (1 + Math.exp(-eta));
      const weight = Math.max(p * (1 - p), 1e-9);
      const residual = p - (y[i] as number);
      for (let j = 0; j <= d; j++) {
        gradient[j] = (gradient[j] as number) + residual * (row[j] as number);
        const hr = hessian[j] as Float64Array;
        for (let k = 0; k <= d; k++)
          hr[k] = (hr[k] as number) + weight * (row[j] as number) * (row[k] as number);
      }
    });
    const step = solve(hessian, gradient);
    w = w.map((value, j) => value - (step[j] as number));
    if (step.every((s) => Math.abs(s) < 1e-8)) break;
  }
  return { mean, scale, weights: w };
}

export function predictLogistic(model: LogisticModel, x: readonly number[][]): number[] {
  return design(x, model.mean, model.scale).map((row) => {
    let eta = 0;
    for (let j = 0; j < row.length; j++) eta += (model.weights[j] as number) * (row[j] as number);
    return 1 / (1 + Math.exp(-eta));
  });
}
