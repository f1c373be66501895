import { describe, expect, it } from 'vitest';
import {
  bgNbdConditionalExpectedPurchases,
  bgNbdExpectedPurchases,
  bgNbdLogLikelihood,
  bgNbdProbabilityAlive,
  bgNbdTotalLogLikelihood,
  fitBgNbd,
} from '../../../scoring/ltv/bgnbd.ts';
import type { BgNbdParams, CustomerHistory } from '../../../scoring/ltv/types.ts';

const PUBLISHED: BgNbdParams = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };

// [x, t_x, T, log-likelihood, E[Y(39)], P(alive)] from shared/baselines/cdnow_btyd.py (scipy).
const SCIPY: readonly [number, number, number, number, number, number][] = [
  [0, 0, 38.86, -0.5538199112894308, 0.1947867691606155, 1],
  [1, 10, 30, -5.060950324794582, 0.5935550547878814, 0.5092117801215406],
  [2, 30.43, 38.86, -9.459673450115991, 1.2259226579870381, 0.7266140448542472],
  [5, 20, 35.5, -16.681667416606704, 1.5504414576245007, 0.381132178352067],
  [14, 37, 38, -32.6217310680203, 9.514674593503, 0.9326596922328123],
  [60, 38, 39, -45.15017000788714, 39.49599938764871, 0.9500747998908459],
];

const history = (frequency: number, recency: number, age: number): CustomerHistory => ({
  frequency,
  recency,
  age,
});

describe('BG/NBD log-likelihood', () => {
  const params: BgNbdParams = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };

  it('is the Poisson-Gamma zero-purchase probability for a customer with x = 0', () => {
    // L = (alpha / (alpha + T))^r: no purchase in (0, T] and no dropout possible yet.
    expect(bgNbdLogLikelihood(params, history(0, 0, 30))).toBeCloseTo(0.25 * Math.log(4 / 34), 13);
  });

  it('matches the hand-expanded closed form for x = 1', () => {
    // Γ(r+1)/Γ(r) = r, B(a,b+1)/B(a,b) = b/(a+b), B(a+1,b)/B(a,b) = a/(a+b).
    const { r, alpha, a, b } = params;
    const expected =
      r * alpha ** r * ((b / (a + b)) * (alpha + 30) ** -(r + 1) + (a / (a + b)) * (alpha + 10) ** -(r + 1));
    expect(bgNbdLogLikelihood(params, history(1, 10, 30))).toBeCloseTo(Math.log(expected), 12);
  });

  it.each(SCIPY)('matches scipy for x=%d, t_x=%d, T=%d', (x, tx, T, ll) => {
    expect(bgNbdLogLikelihood(PUBLISHED, history(x, tx, T))).toBeCloseTo(ll, 10);
  });

  it('the prepared total equals the sum of per-customer values, duplicates included', () => {
    const customers = [...SCIPY.map(([x, tx, T]) => history(x, tx, T)), history(2, 30.43, 38.86)];
    const sum = customers.reduce((s, c) => s + bgNbdLogLikelihood(PUBLISHED, c), 0);
    expect(bgNbdTotalLogLikelihood(customers)(PUBLISHED)).toBeCloseTo(sum, 9);
  });

  it('stays finite for a very heavy buyer where the raw terms would overflow', () => {
    const ll = bgNbdLogLikelihood(PUBLISHED, history(2000, 38.9, 39));
    expect(Number.isFinite(ll)).toBe(true);
  });
});

describe('BG/NBD expectations', () => {
  it.each(
    SCIPY,
  )('E[Y(39)] and P(alive) match scipy for x=%d, t_x=%d, T=%d', (x, tx, T, _ll, expected, alive) => {
    expect(bgNbdConditionalExpectedPurchases(PUBLISHED, 39, history(x, tx, T))).toBeCloseTo(expected, 9);
    expect(bgNbdProbabilityAlive(PUBLISHED, history(x, tx, T))).toBeCloseTo(alive, 12);
  });

  it('E[X(t)] matches scipy, including a long horizon where z is close to 1', () => {
    expect(bgNbdExpectedPurchases(PUBLISHED, 1)).toBeCloseTo(0.053185541226538936, 12);
    expect(bgNbdExpectedPurchases(PUBLISHED, 39)).toBeCloseTo(1.195047681513762, 11);
    expect(bgNbdExpectedPurchases(PUBLISHED, 520)).toBeCloseTo(4.968886647516765, 9);
  });

  it('E[X(t)] starts at the mean purchase rate r/alpha and is increasing', () => {
    const t = 1e-6;
    expect(bgNbdExpectedPurchases(PUBLISHED, t) / t).toBeCloseTo(PUBLISHED.r / PUBLISHED.alpha, 5);
    let previous = 0;
    for (const horizon of [1, 5, 20, 52, 104]) {
      const value = bgNbdExpectedPurchases(PUBLISHED, horizon);
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
  });

  it('P(alive) is 1 without repeat purchases and falls as the customer goes quiet', () => {
    expect(bgNbdProbabilityAlive(PUBLISHED, history(0, 0, 39))).toBe(1);
    const recent = bgNbdProbabilityAlive(PUBLISHED, history(4, 38, 39));
    const quiet = bgNbdProbabilityAlive(PUBLISHED, history(4, 5, 39));
    expect(recent).toBeGreaterThan(quiet);
  });

  it('handles a = 1, where the closed form is 0/0, by continuity', () => {
    const near = { ...PUBLISHED, a: 1 + 1e-4 };
    const exact = { ...PUBLISHED, a: 1 };
    const c = history(3, 20, 39);
    expect(bgNbdConditionalExpectedPurchases(exact, 39, c)).toBeCloseTo(
      bgNbdConditionalExpectedPurchases(near, 39, c),
      3,
    );
  });
});

describe('fitBgNbd', () => {
  it('rejects inconsistent histories and says which record', () => {
    expect(() => fitBgNbd([history(1, 5, 10), history(2, 12, 10)])).toThrow(/customer #1.*recency/);
    expect(() => fitBgNbd([history(1.5, 5, 10)])).toThrow(/customer #0, field frequency/);
    expect(() => fitBgNbd([])).toThrow(/no customers/);
  });

  it('finds a maximum: the fitted likelihood beats nearby parameter values', () => {
    const customers = SCIPY.map(([x, tx, T]) => history(x, tx, T)).concat(
      Array.from({ length: 20 }, (_, i) => history(i % 3, i % 3 === 0 ? 0 : 5 + i, 30 + (i % 7))),
    );
    const fit = fitBgNbd(customers);
    expect(fit.converged).toBe(true);
    const total = bgNbdTotalLogLikelihood(customers);
    expect(total(fit.params)).toBeCloseTo(fit.logLikelihood, 9);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      for (const factor of [0.99, 1.01]) {
        expect(total({ ...fit.params, [key]: fit.params[key] * factor })).toBeLessThan(fit.logLikelihood);
      }
    }
  });
});
