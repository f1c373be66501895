import { assertFiniteScores, assertSameLength } from './validate.ts';

function checkRegression(name: string, y: ArrayLike<number>, yHat: ArrayLike<number>): void {
  assertSameLength(name, y, yHat);
  assertFiniteScores(`${name} (actual)`, y);
  assertFiniteScores(`${name} (predicted)`, yHat);
}

export function rmse(y: ArrayLike<number>, yHat: ArrayLike<number>): number {
  checkRegression('rmse', y, yHat);
  let total = 0;
  for (let i = 0; i < y.length; i++) total += ((y[i] as number) - (yHat[i] as number)) ** 2;
  return Math.sqrt(total / y.length);
}

export function mae(y: ArrayLike<number>, yHat: ArrayLike<number>): number {
  checkRegression('mae', y, yHat);
  let total = 0;
  for (let i = 0; i < y.length; i++) total += Math.abs((y[i] as number) - (yHat[i] as number));
  return total / y.length;
}

/** Coefficient of determination; as sklearn, 1 for a perfect fit and 0 when y is constant and matched. */
export function rSquared(y: ArrayLike<number>, yHat: ArrayLike<number>): number {
  checkRegression('rSquared', y, yHat);
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i] as number;
  mean /= y.length;
  let residual = 0;
  let totalVariation = 0;
  for (let i = 0; i < y.length; i++) {
    residual += ((y[i] as number) - (yHat[i] as number)) ** 2;
    totalVariation += ((y[i] as number) - mean) ** 2;
  }
  if (totalVariation === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / totalVariation;
}

/**
 * Mean absolute percentage error as a fraction (0.1 = 10 %). Like sklearn, the denominator is
 * max(|y|, machine epsilon): a zero actual gives a huge term rather than a division by zero,
 * which is the honest signal that MAPE is the wrong metric for that target.
 */
export function mape(y: ArrayLike<number>, yHat: ArrayLike<number>): number {
  checkRegression('mape', y, yHat);
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const actual = y[i] as number;
    total += Math.abs(actual - (yHat[i] as number)) / Math.max(Math.abs(actual), Number.EPSILON);
  }
  return total / y.length;
}
