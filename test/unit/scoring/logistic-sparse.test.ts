import { describe, expect, it } from 'vitest';
import { Rng } from '../../../scoring/learners/rng.ts';
import type { Dataset } from '../../../scoring/learners/types.ts';
import {
  encodeDataset,
  encodeSparse,
  fitLinearEncoder,
  solveLogistic,
  solveLogisticSparse,
  sparseFromDense,
} from '../../../scoring/learners-linear/index.ts';

/** 600 rows: two numeric columns (one with gaps) and two categoricals with 3 and 25 levels. */
function mixed(): { data: Dataset; y: Float64Array } {
  const rng = new Rng(12);
  const n = 600;
  const spend = new Float64Array(n);
  const visits = new Float64Array(n);
  const plan = new Float64Array(n);
  const country = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    spend[i] = rng.nextGaussian();
    visits[i] = rng.nextFloat() < 0.1 ? Number.NaN : rng.nextInt(20);
    plan[i] = rng.nextFloat() < 0.05 ? Number.NaN : rng.nextInt(3);
    country[i] = rng.nextInt(25);
    const z = (spend[i] as number) + (plan[i] === 2 ? 1 : 0) + ((country[i] as number) % 5 === 0 ? -1 : 0.3);
    y[i] = rng.nextFloat() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    data: {
      nRows: n,
      featureNames: ['spend', 'visits', 'plan', 'country'],
      columns: [spend, visits, plan, country],
      categorical: [false, false, true, true],
    },
    y,
  };
}

describe('sparse logistic design', () => {
  const { data, y } = mixed();
  const encoder = fitLinearEncoder(data);

  it('stores exactly the non-zero cells of the dense design, columns ascending within a row', () => {
    const dense = encodeDataset(encoder, data);
    const sparse = encodeSparse(encoder, data);
    expect(sparse.width).toBe(encoder.width);
    const rebuilt = new Float64Array(dense.length);
    for (let i = 0; i < sparse.nRows; i++) {
      for (let k = sparse.start[i] as number; k < (sparse.start[i + 1] as number); k++) {
        if (k > (sparse.start[i] as number))
          expect(sparse.index[k] as number).toBeGreaterThan(sparse.index[k - 1] as number);
        rebuilt[i * encoder.width + (sparse.index[k] as number)] = sparse.value[k] as number;
      }
    }
    expect(Array.from(rebuilt)).toEqual(Array.from(dense));
    // one cell per one-hot block instead of 3 + 25 (+ indicators): far fewer than the width
    expect(sparse.value.length / sparse.nRows).toBeLessThan(6);
    expect(encoder.width).toBeGreaterThan(25);
  });

  it('fits the same weights from sparse rows as from the dense matrix', () => {
    const dense = encodeDataset(encoder, data);
    const fromDense = solveLogistic(dense, y, encoder.width, 1);
    const fromSparse = solveLogisticSparse(encodeSparse(encoder, data), y, 1);
    const viaConversion = solveLogisticSparse(sparseFromDense(dense, data.nRows, encoder.width), y, 1);
    expect(fromSparse.converged).toBe(true);
    expect(fromSparse.intercept).toBeCloseTo(fromDense.intercept, 10);
    fromDense.weights.forEach((w, j) => {
      expect(fromSparse.weights[j]).toBeCloseTo(w, 10);
      expect(viaConversion.weights[j]).toBeCloseTo(w, 10);
    });
  });
});
