/**
 * Nelder–Mead simplex minimiser (standard coefficients 1, 2, 0.5, 0.5, initial simplex as
 * scipy's: +5 % per coordinate, 0.00025 for zeros), restarted from the best vertex until a
 * restart stops improving, because a collapsed simplex can stall short of the optimum.
 * Non-finite objective values are treated as +Infinity so callers can return NaN outside
 * the parameter domain.
 */
export interface NelderMeadOptions {
  /** Stop when every vertex is within xTolerance of the best (max-norm). Default 1e-10. */
  readonly xTolerance?: number;
  /** ... and every objective value within fTolerance of the best. Default 1e-10. */
  readonly fTolerance?: number;
  /** Objective evaluations allowed in total. Default 20000 per dimension. */
  readonly maxEvaluations?: number;
  /** Restarts allowed after the first convergence. Default 5. */
  readonly maxRestarts?: number;
}

export interface NelderMeadResult {
  readonly x: number[];
  readonly value: number;
  readonly evaluations: number;
  readonly converged: boolean;
}

type Objective = (x: readonly number[]) => number;

export function nelderMead(
  objective: Objective,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const dims = start.length;
  const maxEvaluations = options.maxEvaluations ?? 20_000 * dims;
  const maxRestarts = options.maxRestarts ?? 5;
  let evaluations = 0;
  const evaluate: Objective = (x) => {
    evaluations++;
    const value = objective(x);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  let best = runSimplex(evaluate, start, options, () => maxEvaluations - evaluations);
  for (let restart = 0; restart < maxRestarts && evaluations < maxEvaluations; restart++) {
    const next = runSimplex(evaluate, best.x, options, () => maxEvaluations - evaluations);
    const improved = best.value - next.value;
    if (next.value <= best.value) best = next;
    if (improved <= (options.fTolerance ?? 1e-10)) break;
  }
  return { ...best, evaluations };
}

interface SimplexOutcome {
  x: number[];
  value: number;
  converged: boolean;
}

function runSimplex(
  evaluate: Objective,
  start: readonly number[],
  options: NelderMeadOptions,
  budget: () => number,
): SimplexOutcome {
  const xTolerance = options.xTolerance ?? 1e-10;
  const fTolerance = options.fTolerance ?? 1e-10;
  const dims = start.length;
  const points: number[][] = [start.slice()];
  for (let i = 0; i < dims; i++) {
    const vertex = start.slice();
    vertex[i] = vertex[i] !== 0 ? vertex[i]! * 1.05 : 0.00025;
    points.push(vertex);
  }
  const values = points.map((p) => evaluate(p));
  const order = points.map((_, i) => i);
  while (budget() > 0) {
    order.sort((i, j) => values[i]! - values[j]!);
    const bestIndex = order[0]!;
    const worstIndex = order[dims]!;
    const secondWorstValue = values[order[dims - 1]!]!;
    if (hasConverged(points, values, bestIndex, xTolerance, fTolerance)) {
      return { x: points[bestIndex]!.slice(), value: values[bestIndex]!, converged: true };
    }
    const centroid = new Array<number>(dims).fill(0);
    for (const index of order.slice(0, dims)) {
      for (let k = 0; k < dims; k++) centroid[k]! += points[index]![k]! / dims;
    }
    const worst = points[worstIndex]!;
    const along = (t: number) => centroid.map((c, k) => c + t * (c - worst[k]!));
    const reflected = along(1);
    const reflectedValue = evaluate(reflected);
    if (reflectedValue < values[bestIndex]!) {
      const expanded = along(2);
      const expandedValue = evaluate(expanded);
      const useExpanded = expandedValue < reflectedValue;
      points[worstIndex] = useExpanded ? expanded : reflected;
      values[worstIndex] = useExpanded ? expandedValue : reflectedValue;
      continue;
    }
    if (reflectedValue < secondWorstValue) {
      points[worstIndex] = reflected;
      values[worstIndex] = reflectedValue;
      continue;
    }
    const outside = reflectedValue < values[worstIndex]!;
    const contracted = along(outside ? 0.5 : -0.5);
    const contractedValue = evaluate(contracted);
    if (contractedValue < (outside ? reflectedValue : values[worstIndex]!)) {
      points[worstIndex] = contracted;
      values[worstIndex] = contractedValue;
      continue;
    }
    const bestPoint = points[bestIndex]!;
    for (const index of order.slice(1)) {
      points[index] = points[index]!.map((v, k) => bestPoint[k]! + 0.5 * (v - bestPoint[k]!));
      values[index] = evaluate(points[index]!);
    }
  }
  order.sort((i, j) => values[i]! - values[j]!);
  const bestIndex = order[0]!;
  return { x: points[bestIndex]!.slice(), value: values[bestIndex]!, converged: false };
}

function hasConverged(
  points: readonly number[][],
  values: readonly number[],
  bestIndex: number,
  xTolerance: number,
  fTolerance: number,
): boolean {
  const bestPoint = points[bestIndex]!;
  const bestValue = values[bestIndex]!;
  for (let i = 0; i < points.length; i++) {
    if (Math.abs(values[i]! - bestValue) > fTolerance) return false;
    const point = points[i]!;
    for (let k = 0; k < point.length; k++) if (Math.abs(point[k]! - bestPoint[k]!) > xTolerance) return false;
  }
  return true;
}
