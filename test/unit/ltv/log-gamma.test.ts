import { describe, expect, it } from 'vitest';
import { logBeta, logGamma } from '../../../scoring/ltv/log-gamma.ts';

// Reference values from CPython's math.lgamma.
const REFERENCE: readonly [number, number][] = [
  [1e-8, 18.42068073818021],
  [1e-5, 11.512919692895824],
  [0.1, 2.2527126517342055],
  [0.2426, 1.3197854750907918],
  [0.5, 0.5723649429247004],
  [0.7929, 0.15896946337242526],
  [1.5, -0.12078223763524543],
  [2.4259, 0.23394149863822022],
  [3.7442, 1.4799620005679035],
  [4.4136, 2.334673172667575],
  [10, 12.801827480081467],
  [15.44, 26.374540492327377],
  [33.3, 82.60372358165495],
  [100, 359.1342053695754],
  [171.5, 709.1431630309282],
  [1000, 5905.220423209181],
  [1e5, 1051287.7089736566],
  [1e7, 151180949.3694739],
  [-0.5, 1.265512123484645],
  [-1.5, 0.8600470153764812],
  [-2.3, 0.369566663455008],
];

describe('logGamma (Lanczos)', () => {
  it.each(REFERENCE)('logGamma(%d) matches math.lgamma', (x, expected) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThan(1e-13 * Math.max(1, Math.abs(expected)));
  });

  it('is exactly zero-ish at 1 and 2 and equals log((n-1)!) at integers', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-14);
    let factorial = 1;
    for (let n = 2; n <= 20; n++) {
      factorial *= n - 1;
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 12);
    }
  });

  it('satisfies the recurrence logGamma(x + 1) = logGamma(x) + log(x)', () => {
    for (const x of [0.01, 0.3, 0.77, 1.9, 5.5, 42.25, 300.1]) {
      expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 11);
    }
  });

  it('returns +Infinity at the poles and NaN for NaN', () => {
    expect(logGamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(logGamma(-3)).toBe(Number.POSITIVE_INFINITY);
    expect(logGamma(Number.NaN)).toBeNaN();
  });
});

describe('logBeta', () => {
  it('matches closed forms', () => {
    expect(logBeta(1, 1)).toBeCloseTo(0, 14);
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
    expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 13);
  });
  it('is symmetric', () => {
    expect(logBeta(0.7929, 2.4259)).toBeCloseTo(logBeta(2.4259, 0.7929), 13);
  });
});
