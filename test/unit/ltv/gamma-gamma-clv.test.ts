import { describe, expect, it } from 'vitest';
import { bgNbdConditionalExpectedPurchases } from '../../../scoring/ltv/bgnbd.ts';
import { customerLifetimeValue } from '../../../scoring/ltv/clv.ts';
import {
  fitGammaGamma,
  frequencySpendCorrelation,
  gammaGammaConditionalExpectedValue,
  gammaGammaLogLikelihood,
  gammaGammaPopulationMean,
  gammaGammaTotalLogLikelihood,
} from '../../../scoring/ltv/gamma-gamma.ts';
import type { BgNbdParams, GammaGammaParams } from '../../../scoring/ltv/types.ts';

const GG: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
const BG: BgNbdParams = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };

describe('Gamma-Gamma', () => {
  it.each([
    [20, 1, -3.5941964929492016, 24.638487208008897],
    [35.5, 3, -4.090552209678847, 35.46416938110749],
    [120, 10, -7.8438780548559635, 116.43930104230535],
  ])('log density and E[M] match scipy for m=%d, x=%d', (m, x, ll, mean) => {
    expect(gammaGammaLogLikelihood(GG, { frequency: x, monetaryValue: m })).toBeCloseTo(ll, 11);
    expect(gammaGammaConditionalExpectedValue(GG, { frequency: x, monetaryValue: m })).toBeCloseTo(mean, 11);
  });

  it('is a proper density in m for a fixed x (integrates to 1)', () => {
    for (const x of [1, 4]) {
      // Substitute m = e^u so the heavy right tail is covered on a finite grid.
      let integral = 0;
      const step = 0.001;
      for (let u = -15; u < 15; u += step) {
        const m = Math.exp(u + step / 2);
        integral += Math.exp(gammaGammaLogLikelihood(GG, { frequency: x, monetaryValue: m })) * m * step;
      }
      expect(integral).toBeCloseTo(1, 5);
    }
  });

  it('E[M] moves from the population mean towards the customer mean as x grows', () => {
    const population = gammaGammaPopulationMean(GG);
    expect(population).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    expect(gammaGammaConditionalExpectedValue(GG, { frequency: 0, monetaryValue: 0 })).toBe(population);
    const few = gammaGammaConditionalExpectedValue(GG, { frequency: 1, monetaryValue: 100 });
    const many = gammaGammaConditionalExpectedValue(GG, { frequency: 50, monetaryValue: 100 });
    expect(few).toBeLessThan(many);
    expect(many).toBeLessThan(100);
    expect(many).toBeGreaterThan(95);
  });

  it('prepared total equals the per-customer sum; fit beats its neighbours and validates input', () => {
    const customers = [
      { frequency: 1, monetaryValue: 12 },
      { frequency: 2, monetaryValue: 30 },
      { frequency: 2, monetaryValue: 18 },
      { frequency: 5, monetaryValue: 44 },
      { frequency: 1, monetaryValue: 90 },
      { frequency: 3, monetaryValue: 25 },
    ];
    const total = gammaGammaTotalLogLikelihood(customers);
    const sum = customers.reduce((s, c) => s + gammaGammaLogLikelihood(GG, c), 0);
    expect(total(GG)).toBeCloseTo(sum, 10);
    const fit = fitGammaGamma(customers);
    for (const key of ['p', 'q', 'gamma'] as const) {
      expect(total({ ...fit.params, [key]: fit.params[key] * 1.02 })).toBeLessThan(fit.logLikelihood);
    }
    expect(() => fitGammaGamma([{ frequency: 0, monetaryValue: 10 }])).toThrow(
      /customer #0, field frequency/,
    );
    expect(() => fitGammaGamma([{ frequency: 2, monetaryValue: 0 }])).toThrow(/monetaryValue/);
  });

  it('frequency-spend correlation is +1 / -1 on perfectly linear data', () => {
    const up = [1, 2, 3].map((x) => ({ frequency: x, monetaryValue: 10 * x }));
    const down = [1, 2, 3].map((x) => ({ frequency: x, monetaryValue: 40 - 10 * x }));
    expect(frequencySpendCorrelation(up)).toBeCloseTo(1, 12);
    expect(frequencySpendCorrelation(down)).toBeCloseTo(-1, 12);
  });
});

describe('customerLifetimeValue', () => {
  const customer = { frequency: 3, recency: 30, age: 39, monetaryValue: 40 };

  it('without discounting telescopes to E[Y(horizon)] × E[M] × margin', () => {
    const clv = customerLifetimeValue(BG, GG, customer, {
      horizonPeriods: 12,
      periodLength: 4.345,
      discountRatePerPeriod: 0,
      margin: 0.3,
    });
    const expected =
      bgNbdConditionalExpectedPurchases(BG, 12 * 4.345, customer) *
      gammaGammaConditionalExpectedValue(GG, customer);
    expect(clv).toBeCloseTo(0.3 * expected, 10);
  });

  it('discounting lowers the value, and one period is discounted once', () => {
    const base = { horizonPeriods: 1, periodLength: 52 };
    const undiscounted = customerLifetimeValue(BG, GG, customer, { ...base, discountRatePerPeriod: 0 });
    const discounted = customerLifetimeValue(BG, GG, customer, { ...base, discountRatePerPeriod: 0.1 });
    expect(discounted).toBeCloseTo(undiscounted / 1.1, 10);
  });

  it('rejects a bad horizon with the option name', () => {
    expect(() =>
      customerLifetimeValue(BG, GG, customer, {
        horizonPeriods: 0,
        periodLength: 1,
        discountRatePerPeriod: 0,
      }),
    ).toThrow(/horizonPeriods/);
  });
});
