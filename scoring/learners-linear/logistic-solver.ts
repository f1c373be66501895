import { minimizeLbfgs } from './lbfgs.ts';
import { type SparseRows, sparseFromDense } from './sparse-rows.ts';

/**
 * L2-regularised logistic regression on a dense row-major design matrix:
 *   minimise sum_i log(1 + exp(-s_i (x_i . w + b))) + (l2 / 2) |w|^2,   s_i = +-1,
 * the objective of sklearn's LogisticRegression with C = 1 / l2 (intercept not penalised).
 * Newton's method with a Cholesky solve converges in a handful of steps for up to a few hundred
 * columns; wider designs use L-BFGS. Rows are sparse (CSR): with one-hot categoricals most cells
 * are zero, and the Hessian accumulates only pairs of non-zeros, which is what makes Newton cheap
 * (O(n * nnz^2) per step instead of O(n * width^2)).
 */
export interface LogisticSolution {
  readonly weights: Float64Array;
  readonly intercept: number;
  readonly iterations: number;
  readonly converged: boolean;
}

const NEWTON_MAX_WIDTH = 600;

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** Objective and gradient at theta = [w..., b]. */
function objective(
  X: SparseRows,
  y: ArrayLike<number>,
  l2: number,
  theta: Float64Array,
  gradient: Float64Array,
): number {
  const { start, index, value, width: d } = X;
  const n = y.length;
  gradient.fill(0);
  let loss = 0;
  const b = theta[d] as number;
  let interceptGradient = 0;
  for (let i = 0; i < n; i++) {
    const from = start[i] as number;
    const to = start[i + 1] as number;
    let z = b;
    for (let k = from; k < to; k++) z += (value[k] as number) * (theta[index[k] as number] as number);
    const label = y[i] as number;
    loss += softplus(z) - label * z;
    const r = sigmoid(z) - label;
    for (let k = from; k < to; k++) {
      const j = index[k] as number;
      gradient[j] = (gradient[j] as number) + r * (value[k] as number);
    }
    interceptGradient += r;
  }
  gradient[d] = interceptGradient;
  for (let j = 0; j < d; j++) {
    loss += 0.5 * l2 * (theta[j] as number) ** 2;
    gradient[j] = (gradient[j] as number) + l2 * (theta[j] as number);
  }
  return loss;
}

/** Solves A x = b in place for symmetric positive-definite A (m x m, row-major); returns false if not SPD. */
export function choleskySolve(A: Float64Array, b: Float64Array, m: number): boolean {
  for (let j = 0; j < m; j++) {
    let diagonal = A[j * m + j] as number;
    for (let k = 0; k < j; k++) diagonal -= (A[j * m + k] as number) ** 2;
    if (!(diagonal > 0)) return false;
    const root = Math.sqrt(diagonal);
    A[j * m + j] = root;
    for (let i = j + 1; i < m; i++) {
      let s = A[i * m + j] as number;
      for (let k = 0; k < j; k++) s -= (A[i * m + k] as number) * (A[j * m + k] as number);
      A[i * m + j] = s / root;
    }
  }
  for (let i = 0; i < m; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (A[i * m + k] as number) * (b[k] as number);
    b[i] = s / (A[i * m + i] as number);
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < m; k++) s -= (A[k * m + i] as number) * (b[k] as number);
    b[i] = s / (A[i * m + i] as number);
  }
  return true;
}

/** Lower triangle of X' W X (with the intercept as column d) from the non-zeros of each row. */
function accumulateHessian(X: SparseRows, theta: Float64Array, hessian: Float64Array): void {
  const { start, index, value, width: d, nRows } = X;
  const m = d + 1;
  const b = theta[d] as number;
  hessian.fill(0);
  for (let i = 0; i < nRows; i++) {
    const from = start[i] as number;
    const to = start[i + 1] as number;
    let z = b;
    for (let k = from; k < to; k++) z += (value[k] as number) * (theta[index[k] as number] as number);
    const p = sigmoid(z);
    const w = p * (1 - p);
    if (w < 1e-300) continue;
    for (let ka = from; ka < to; ka++) {
      const a = index[ka] as number;
      const wa = w * (value[ka] as number);
      const rowBase = a * m;
      // Columns within a row ascend, so index[kc] <= a: the lower triangle.
      for (let kc = from; kc <= ka; kc++) {
        const cell = rowBase + (index[kc] as number);
        hessian[cell] = (hessian[cell] as number) + wa * (value[kc] as number);
      }
      hessian[d * m + a] = (hessian[d * m + a] as number) + wa;
    }
    hessian[d * m + d] = (hessian[d * m + d] as number) + w;
  }
}

function newton(X: SparseRows, y: ArrayLike<number>, l2: number, maxIterations: number): LogisticSolution {
  const d = X.width;
  const m = d + 1;
  const theta = new Float64Array(m);
  const gradient = new Float64Array(m);
  const trialGradient = new Float64Array(m);
  const trial = new Float64Array(m);
  const hessian = new Float64Array(m * m);
  let value = objective(X, y, l2, theta, gradient);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    accumulateHessian(X, theta, hessian);
    for (let a = 0; a < m; a++) {
      hessian[a * m + a] = (hessian[a * m + a] as number) + (a < d ? l2 : 0) + 1e-10;
      for (let c = a + 1; c < m; c++) hessian[a * m + c] = hessian[c * m + a] as number;
    }
    const step = Float64Array.from(gradient);
    if (!choleskySolve(hessian, step, m)) break;
    // Half the Newton decrement is the decrease a full step predicts. Once it is negligible the
    // step is taken and the fit stops, instead of building one more Hessian to confirm it.
    let predicted = 0;
    for (let k = 0; k < m; k++) predicted += (gradient[k] as number) * (step[k] as number);
    const lastStep = predicted / 2 <= 1e-10 * Math.max(1, Math.abs(value));
    let scale = 1;
    let accepted = false;
    while (scale > 1e-10) {
      for (let k = 0; k < m; k++) trial[k] = (theta[k] as number) - scale * (step[k] as number);
      const trialValue = objective(X, y, l2, trial, trialGradient);
      if (trialValue <= value) {
        const decrease = value - trialValue;
        theta.set(trial);
        gradient.set(trialGradient);
        value = trialValue;
        accepted = decrease > 1e-12 * Math.max(1, Math.abs(value));
        break;
      }
      scale /= 2;
    }
    if (!accepted || lastStep)
      return {
        weights: theta.slice(0, d),
        intercept: theta[d] as number,
        iterations: iteration + 1,
        converged: true,
      };
  }
  return {
    weights: theta.slice(0, d),
    intercept: theta[d] as number,
    iterations: maxIterations,
    converged: false,
  };
}

/** Fits on a dense row-major design (n x width); see `solveLogisticSparse`. */
export function solveLogistic(
  X: Float64Array,
  y: ArrayLike<number>,
  width: number,
  l2: number,
  maxIterations = 100,
): LogisticSolution {
  if (X.length !== y.length * width)
    throw new RangeError(`solveLogistic: matrix has ${X.length} cells, expected ${y.length} x ${width}`);
  return solveLogisticSparse(sparseFromDense(X, y.length, width), y, l2, maxIterations);
}

export function solveLogisticSparse(
  X: SparseRows,
  y: ArrayLike<number>,
  l2: number,
  maxIterations = 100,
): LogisticSolution {
  if (X.nRows !== y.length) throw new RangeError(`solveLogistic: ${X.nRows} rows but ${y.length} labels`);
  const width = X.width;
  if (width + 1 <= NEWTON_MAX_WIDTH) return newton(X, y, l2, maxIterations);
  const result = minimizeLbfgs(
    (theta, gradient) => objective(X, y, l2, theta, gradient),
    new Float64Array(width + 1),
    {
      maxIterations: maxIterations * 20,
      gradientTolerance: 1e-6 * Math.max(1, y.length),
    },
  );
  return {
    weights: result.x.slice(0, width),
    intercept: result.x[width] as number,
    iterations: result.iterations,
    converged: result.converged,
  };
}
