import { describe, expect, it } from 'vitest';
import { Random } from '../../../demo/random.ts';
import { beta, categorical, gamma, lognormal, normal, poisson } from '../../../demo/samplers.ts';

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return { mean, variance };
}

function draw(n: number, sample: (rng: Random) => number, seed = 11): number[] {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => sample(rng));
}

describe('Random', () => {
  it('produces a pinned stream for a seed, so files match across machines and Node versions', () => {
    const rng = new Random(1);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([
      21880635, 3836836942, 3100167562,
    ]);
    expect(Random.forStream(1, 0).nextUint32()).toBe(2325729609);
  });

  it('gives different streams for different seeds and stream ids', () => {
    expect(new Random(1).nextUint32()).not.toBe(new Random(2).nextUint32());
    expect(Random.forStream(1, 0).nextUint32()).not.toBe(Random.forStream(1, 1).nextUint32());
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const values = draw(5000, (rng) => rng.int(2, 8));
    expect(Math.min(...values)).toBe(2);
    expect(Math.max(...values)).toBe(8);
  });

  it('shuffles without losing or duplicating items', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Random(3).shuffled(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });
});

describe('samplers', () => {
  const n = 40_000;

  it('normal has the requested mean and spread', () => {
    const { mean, variance } = meanAndVariance(draw(n, (rng) => normal(rng, 3, 2)));
    expect(mean).toBeCloseTo(3, 1);
    expect(Math.sqrt(variance)).toBeCloseTo(2, 1);
  });

  it('lognormal has median exp(mu)', () => {
    const values = draw(n, (rng) => lognormal(rng, Math.log(120), 1.3)).sort((a, b) => a - b);
    expect(values[n / 2]).toBeGreaterThan(110);
    expect(values[n / 2]).toBeLessThan(130);
  });

  it('poisson has mean = variance = lambda, for small and large rates', () => {
    for (const lambda of [0.7, 4, 45]) {
      const { mean, variance } = meanAndVariance(draw(n, (rng) => poisson(rng, lambda)));
      expect(Math.abs(mean - lambda) / lambda).toBeLessThan(0.03);
      expect(Math.abs(variance - lambda) / lambda).toBeLessThan(0.06);
    }
    expect(poisson(new Random(1), 0)).toBe(0);
    expect(() => poisson(new Random(1), Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });

  it('gamma and beta have their textbook means', () => {
    expect(meanAndVariance(draw(n, (rng) => gamma(rng, 0.5))).mean).toBeCloseTo(0.5, 1);
    expect(meanAndVariance(draw(n, (rng) => gamma(rng, 3))).mean).toBeCloseTo(3, 1);
    const betas = draw(n, (rng) => beta(rng, 2, 6));
    expect(meanAndVariance(betas).mean).toBeCloseTo(0.25, 2);
    expect(Math.min(...betas)).toBeGreaterThan(0);
    expect(Math.max(...betas)).toBeLessThan(1);
  });

  it('categorical follows its weights and never picks a zero weight', () => {
    const picks = draw(n, (rng) => categorical(rng, [0, 1, 2], [1, 0, 3]));
    const share = picks.filter((p) => p === 2).length / n;
    expect(share).toBeCloseTo(0.75, 1);
    expect(picks).not.toContain(1);
    expect(() => categorical(new Random(1), ['a'], [0])).toThrow(/positive/);
  });
});
