import { describe, expect, it } from 'vitest';
import {
  accuracyAt,
  averagePrecision,
  brierScore,
  confusionMatrix,
  logLoss,
  mae,
  mape,
  rmse,
  rocAuc,
  rSquared,
  thresholdMetrics,
} from '../../../scoring/metrics/index.ts';

// Reference vector with ties across classes; expected values from scikit-learn 1.2.1.
const y = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0];
const p = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.2, 0.4, 0.65, 0.7];

describe('ranking metrics', () => {
  it('rocAuc counts a tie between classes as one half (19 of 25 pairs, sklearn 0.76)', () => {
    expect(rocAuc(y, p)).toBeCloseTo(0.76, 12);
  });
  it('rocAuc is 1 for a perfect ranking, 0 for a reversed one and 0.5 for constant scores', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [0.4, 0.3, 0.2, 0.1])).toBe(0);
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });
  it('rocAuc is NaN with a single class instead of a misleading number', () => {
    expect(rocAuc([1, 1], [0.2, 0.3])).toBeNaN();
  });
  it('averagePrecision matches sklearn average_precision_score on tied scores', () => {
    expect(averagePrecision(y, p)).toBeCloseTo(0.7892857142857144, 12);
  });
  it('averagePrecision by hand: ranks 1 and 3 positive out of 2 positives -> (1 + 2/3) / 2', () => {
    expect(averagePrecision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBeCloseTo((1 + 2 / 3) / 2, 12);
  });
  it('rejects labels outside 0/1, NaN scores and length mismatches with the index at fault', () => {
    expect(() => rocAuc([0, 2], [0.1, 0.2])).toThrow(/index 1/);
    expect(() => rocAuc([0, 1], [0.1, Number.NaN])).toThrow(/index 1/);
    expect(() => rocAuc([0, 1], [0.1])).toThrow(/2 entries but scores have 1/);
  });
});

describe('probabilistic metrics', () => {
  it('logLoss and brierScore match sklearn', () => {
    expect(logLoss(y, p)).toBeCloseTo(0.5279527958267277, 12);
    expect(brierScore(y, p)).toBeCloseTo(0.1815, 12);
  });
  it('logLoss clips so a confident mistake costs -ln(eps) instead of Infinity', () => {
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 9);
    expect(logLoss([1], [0], 1e-3)).toBeCloseTo(-Math.log(1e-3), 12);
  });
});

describe('threshold metrics', () => {
  it('confusion matrix at 0.5 counts score >= threshold as positive', () => {
    expect(confusionMatrix(y, p, 0.5)).toEqual({
      truePositives: 3,
      falsePositives: 1,
      trueNegatives: 4,
      falseNegatives: 2,
    });
  });
  it('precision, recall, F1 and accuracy by hand', () => {
    const m = thresholdMetrics(y, p, 0.5);
    expect(m.precision).toBeCloseTo(3 / 4, 12);
    expect(m.recall).toBeCloseTo(3 / 5, 12);
    expect(m.f1).toBeCloseTo(2 / 3, 12);
    expect(m.accuracy).toBeCloseTo(0.7, 12);
    expect(accuracyAt(y, p, 0.4)).toBeCloseTo(0.6, 12);
  });
  it('precision is NaN when nothing is called positive', () => {
    expect(thresholdMetrics([0, 1], [0.1, 0.2], 0.9).precision).toBeNaN();
  });
});

describe('regression metrics', () => {
  const actual = [3, -0.5, 2, 7];
  const predicted = [2.5, 0.0, 2, 8];
  it('match sklearn: RMSE, MAE, R2, MAPE', () => {
    expect(rmse(actual, predicted)).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(mae(actual, predicted)).toBeCloseTo(0.5, 12);
    expect(rSquared(actual, predicted)).toBeCloseTo(0.9486081370449679, 12);
    expect(mape(actual, predicted)).toBeCloseTo(0.3273809523809524, 12);
  });
  it('R2 of a constant target is 1 when matched and 0 otherwise', () => {
    expect(rSquared([2, 2], [2, 2])).toBe(1);
    expect(rSquared([2, 2], [1, 3])).toBe(0);
  });
});
