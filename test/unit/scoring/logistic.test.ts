import { describe, expect, it } from 'vitest';
import { Rng } from '../../../scoring/learners/rng.ts';
import type { Dataset } from '../../../scoring/learners/types.ts';
import {
  choleskySolve,
  encodeDataset,
  fitLinearEncoder,
  logisticPredictor,
  minimizeLbfgs,
  solveLogistic,
  trainLogistic,
} from '../../../scoring/learners-linear/index.ts';
import { rocAuc } from '../../../scoring/metrics/index.ts';

describe('linear encoder', () => {
  const data: Dataset = {
    nRows: 4,
    featureNames: ['spend', 'plan'],
    columns: [Float64Array.from([1, Number.NaN, 3, 5]), Float64Array.from([0, 1, Number.NaN, 0])],
    categorical: [false, true],
  };
  it('median-imputes, standardizes, adds missing indicators and one-hot columns', () => {
    const encoder = fitLinearEncoder(data);
    expect(encoder.width).toBe(2 + 3);
    const matrix = encodeDataset(encoder, data);
    // spend after imputing the median 3: [1,3,3,5], mean 3, sd sqrt(2)
    expect(matrix[0]).toBeCloseTo(-2 / Math.sqrt(2), 12);
    expect(Array.from(matrix.slice(5, 10))).toEqual([0, 1, 0, 1, 0]);
    expect(Array.from(matrix.slice(10, 15))).toEqual([0, 0, 0, 0, 1]);
  });
  it('encodes an unseen category as all zeros', () => {
    const encoder = fitLinearEncoder(data);
    const unseen: Dataset = { ...data, nRows: 1, columns: [Float64Array.from([3]), Float64Array.from([7])] };
    expect(Array.from(encodeDataset(encoder, unseen))).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('solvers', () => {
  it('choleskySolve solves a small SPD system', () => {
    const A = Float64Array.from([4, 2, 2, 3]);
    const b = Float64Array.from([2, 1]);
    expect(choleskySolve(A, b, 2)).toBe(true);
    expect(b[0]).toBeCloseTo(0.5, 12);
    expect(b[1]).toBeCloseTo(0, 12);
  });
  it('L-BFGS finds the minimum of the Rosenbrock function', () => {
    const result = minimizeLbfgs(
      (x, g) => {
        const [a, b] = [x[0] as number, x[1] as number];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { maxIterations: 2000, gradientTolerance: 1e-9 },
    );
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });
  it('Newton matches sklearn LogisticRegression(C=1) on a tiny problem', () => {
    // sklearn 1.2.1: LogisticRegression(C=1).fit([[0],[1],[2],[3]], [0,0,1,1]) -> coef 0.958265, intercept -1.437382
    const newton = solveLogistic(Float64Array.from([0, 1, 2, 3]), [0, 0, 1, 1], 1, 1);
    expect(newton.converged).toBe(true);
    expect(newton.weights[0]).toBeCloseTo(0.958265, 3);
    expect(newton.intercept).toBeCloseTo(-1.437382, 3);
  });
  it('switches to L-BFGS for wide designs and still finds the informative column', () => {
    const rng = new Rng(5);
    const n = 300;
    const width = 700;
    const X = new Float64Array(n * width);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < width; j++) X[i * width + j] = rng.nextGaussian();
      y[i] = (X[i * width] as number) + 0.3 * rng.nextGaussian() > 0 ? 1 : 0;
    }
    const fit = solveLogistic(X, y, width, 1);
    expect(fit.converged).toBe(true);
    const largest = fit.weights.reduce(
      (best, w, j) => (Math.abs(w) > Math.abs(fit.weights[best] as number) ? j : best),
      0,
    );
    expect(largest).toBe(0);
    expect(fit.weights[0]).toBeGreaterThan(0);
  });
});

describe('trainLogistic', () => {
  it('learns a known signal from numeric and categorical features and predicts rows and datasets alike', () => {
    const rng = new Rng(11);
    const n = 3000;
    const x = new Float64Array(n);
    const c = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = rng.nextGaussian();
      c[i] = rng.nextInt(3);
      const z = 1.5 * (x[i] as number) + (c[i] === 2 ? 1 : 0) - 0.5;
      y[i] = rng.nextFloat() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
      if (i % 50 === 0) x[i] = Number.NaN;
    }
    const data: Dataset = { nRows: n, featureNames: ['x', 'c'], columns: [x, c], categorical: [false, true] };
    const model = trainLogistic(data, y);
    expect(model.converged).toBe(true);
    const predictor = logisticPredictor(model);
    const p = predictor.predict(data);
    expect(rocAuc(y, p)).toBeGreaterThan(0.8);
    expect(predictor.predictRow([x[1] as number, c[1] as number])).toBeCloseTo(p[1] as number, 12);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});
