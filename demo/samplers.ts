import type { Random } from './random.ts';

/**
 * Distributions the business model draws from. Only Math.log/exp/sqrt are used beyond integer
 * arithmetic; V8 implements them with its own fdlibm port, so results match across platforms.
 */

/** Standard normal by Marsaglia's polar method (no trigonometry). */
export function standardNormal(rng: Random): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

export function normal(rng: Random, mean: number, sd: number): number {
  return mean + sd * standardNormal(rng);
}

/** exp(N(mu, sigma)): `mu` and `sigma` are on the log scale. */
export function lognormal(rng: Random, mu: number, sigma: number): number {
  return Math.exp(normal(rng, mu, sigma));
}

export function exponential(rng: Random, rate: number): number {
  return -Math.log(1 - rng.next()) / rate;
}

/** Knuth's multiplication method below 30, a rounded normal above (error is negligible there). */
export function poisson(rng: Random, lambda: number): number {
  if (!Number.isFinite(lambda)) throw new Error(`poisson: rate must be finite, got ${lambda}`);
  if (!(lambda > 0)) return 0;
  if (lambda >= 30) return Math.max(0, Math.round(normal(rng, lambda, Math.sqrt(lambda))));
  const limit = Math.exp(-lambda);
  let count = 0;
  let product = rng.next();
  while (product > limit) {
    count++;
    product *= rng.next();
  }
  return count;
}

/** Gamma(shape, 1) by Marsaglia and Tsang, with the shape < 1 boost. */
export function gamma(rng: Random, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * rng.next() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(rng);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

export function beta(rng: Random, alpha: number, betaParam: number): number {
  const x = gamma(rng, alpha);
  const y = gamma(rng, betaParam);
  return x / (x + y);
}

/** Index drawn with probability proportional to `weights` (non-negative, not all zero). */
export function categoricalIndex(rng: Random, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0)) throw new Error('categoricalIndex: weights must contain a positive value');
  let target = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i] as number;
    if (target < 0) return i;
  }
  return weights.length - 1;
}

export function categorical<T>(rng: Random, items: readonly T[], weights: readonly number[]): T {
  if (items.length !== weights.length) throw new Error('categorical: items and weights differ in length');
  return items[categoricalIndex(rng, weights)] as T;
}

/** Draws from `{value, weight}` pairs, the shape the vocabulary tables use. */
export function weighted<T>(
  rng: Random,
  table: readonly { readonly weight: number; readonly value: T }[],
): T {
  return (
    table[
      categoricalIndex(
        rng,
        table.map((row) => row.weight),
      )
    ] as { value: T }
  ).value;
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function clamp(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}

/** Probability that a Poisson process with log-rate `logHazard` fires within one period. */
export function hazardToProbability(logHazard: number): number {
  return 1 - Math.exp(-Math.exp(logHazard));
}
