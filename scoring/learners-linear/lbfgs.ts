/**
 * Limited-memory BFGS with a backtracking Armijo line search, for smooth convex objectives too
 * wide for a dense Newton step (thousands of one-hot columns).
 */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  readonly memory?: number;
  readonly maxIterations?: number;
  /** Stop when the largest gradient component falls below this. */
  readonly gradientTolerance?: number;
}

export interface MinimizeResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

export function minimizeLbfgs(
  objective: Objective,
  start: Float64Array,
  options: LbfgsOptions = {},
): MinimizeResult {
  const memory = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.gradientTolerance ?? 1e-6;
  const dim = start.length;
  const x = Float64Array.from(start);
  const gradient = new Float64Array(dim);
  let value = objective(x, gradient);
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const direction = new Float64Array(dim);
  const candidate = new Float64Array(dim);
  const candidateGradient = new Float64Array(dim);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(gradient) < tolerance) return { x, value, iterations: iteration, converged: true };
    // Two-loop recursion: direction = -H * gradient
    direction.set(gradient);
    const alphas: number[] = [];
    for (let k = sHistory.length - 1; k >= 0; k--) {
      const alpha = (rhoHistory[k] as number) * dot(sHistory[k] as Float64Array, direction);
      alphas[k] = alpha;
      const yk = yHistory[k] as Float64Array;
      for (let i = 0; i < dim; i++) direction[i] = (direction[i] as number) - alpha * (yk[i] as number);
    }
    const last = sHistory.length - 1;
    const gamma =
      last >= 0
        ? 1 /
          ((rhoHistory[last] as number) * dot(yHistory[last] as Float64Array, yHistory[last] as Float64Array))
        : 1;
    for (let i = 0; i < dim; i++) direction[i] = (direction[i] as number) * gamma;
    for (let k = 0; k < sHistory.length; k++) {
      const beta = (rhoHistory[k] as number) * dot(yHistory[k] as Float64Array, direction);
      const sk = sHistory[k] as Float64Array;
      for (let i = 0; i < dim; i++)
        direction[i] = (direction[i] as number) + sk[i]! * ((alphas[k] as number) - beta);
    }
    for (let i = 0; i < dim; i++) direction[i] = -(direction[i] as number);
    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Curvature information went stale: restart from steepest descent.
      for (let i = 0; i < dim; i++) direction[i] = -(gradient[i] as number);
      slope = dot(gradient, direction);
      sHistory.length = 0;
      yHistory.length = 0;
      rhoHistory.length = 0;
    }
    let step =
      iteration === 0 && sHistory.length === 0 ? Math.min(1, 1 / Math.max(1e-12, maxAbs(gradient))) : 1;
    let nextValue = Number.POSITIVE_INFINITY;
    while (step > 1e-20) {
      for (let i = 0; i < dim; i++) candidate[i] = (x[i] as number) + step * (direction[i] as number);
      nextValue = objective(candidate, candidateGradient);
      if (nextValue <= value + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(nextValue < value) && step <= 1e-20) return { x, value, iterations: iteration, converged: false };
    const s = new Float64Array(dim);
    const yDiff = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      s[i] = (candidate[i] as number) - (x[i] as number);
      yDiff[i] = (candidateGradient[i] as number) - (gradient[i] as number);
    }
    const sy = dot(s, yDiff);
    if (sy > 1e-12) {
      sHistory.push(s);
      yHistory.push(yDiff);
      rhoHistory.push(1 / sy);
      if (sHistory.length > memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
    }
    const decrease = value - nextValue;
    x.set(candidate);
    gradient.set(candidateGradient);
    value = nextValue;
    if (decrease <= 1e-14 * Math.max(1, Math.abs(value)))
      return { x, value, iterations: iteration + 1, converged: true };
  }
  return { x, value, iterations: maxIterations, converged: false };
}
