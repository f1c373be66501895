import { Rng } from '../../../../scoring/learners/rng.ts';
import type { Dataset } from '../../../../scoring/learners/types.ts';

/** A Dataset from plain columns; names default to x0, x1, ... */
export function makeDataset(
  columns: ArrayLike<number>[],
  categorical: boolean[] = [],
  names?: string[],
): Dataset {
  const nRows = columns[0]?.length ?? 0;
  return {
    nRows,
    featureNames: names ?? columns.map((_, j) => `x${j}`),
    columns: columns.map((c) => Float64Array.from(c)),
    categorical: columns.map((_, j) => categorical[j] ?? false),
  };
}

/** nFeatures uniform(-1, 1) columns of n rows. */
export function uniformColumns(n: number, nFeatures: number, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: nFeatures }, () =>
    Float64Array.from({ length: n }, () => rng.nextFloat() * 2 - 1),
  );
}

export function row(data: Dataset, r: number): Float64Array {
  return Float64Array.from(data.columns, (c) => c[r]!);
}

export function meanLogLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - 1e-12, Math.max(1e-12, p[i]!));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / y.length;
}
