import { describe, expect, it } from 'vitest';
import {
  campaignRoi,
  describeGain,
  expectedCalibrationError,
  liftTable,
  reliabilityTable,
} from '../../../scoring/metrics/index.ts';

// 20 rows, 5 positives; scores descend with the index so band membership is easy to read.
const scores = Array.from({ length: 20 }, (_, i) => 1 - i / 20);
const labels = [1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];

describe('liftTable', () => {
  const table = liftTable(labels, scores, 5);
  it('cuts equal bands from the top score down', () => {
    expect(table.bands.map((b) => b.count)).toEqual([4, 4, 4, 4, 4]);
    expect(table.bands.map((b) => b.positives)).toEqual([3, 1, 0, 1, 0]);
    expect(table.baseRate).toBeCloseTo(0.25, 12);
  });
  it('computes rate, lift, cumulative gain and cumulative lift by hand', () => {
    const top = table.bands[0];
    expect(top?.rate).toBeCloseTo(0.75, 12);
    expect(top?.lift).toBeCloseTo(3, 12);
    expect(top?.cumulativeGainPercent).toBeCloseTo(60, 12);
    const second = table.bands[1];
    expect(second?.cumulativeGainPercent).toBeCloseTo(80, 12);
    expect(second?.cumulativeLift).toBeCloseTo(0.5 / 0.25, 12);
    expect(table.bands[4]?.cumulativeGainPercent).toBeCloseTo(100, 12);
    expect(top?.minScore).toBeCloseTo(0.85, 12);
    expect(top?.maxScore).toBe(1);
  });
  it('describes the headline gain in marketing language', () => {
    expect(describeGain(table, 1)).toBe('top 20% of scores hold 60% of conversions');
    expect(describeGain(table, 2, 'churners')).toBe('top 40% of scores hold 80% of churners');
  });
  it('refuses more bands than rows', () => {
    expect(() => liftTable([0, 1], [0.1, 0.2], 3)).toThrow(/at least 3 rows/);
  });
});

describe('campaignRoi', () => {
  it('compares the targeted top 20% with the mass campaign, scaled to the population', () => {
    const result = campaignRoi(labels, scores, 0.2, {
      costPerContact: 1,
      marginPerConversion: 10,
      population: 1000,
      modelCost: 50,
    });
    // top 20% responds at 75%: 200 contacts -> 150 conversions -> 1500 margin - 200 - 50 cost
    expect(result.targeted.contacts).toBe(200);
    expect(result.targeted.expectedConversions).toBeCloseTo(150, 9);
    expect(result.targeted.profit).toBeCloseTo(1250, 9);
    // everyone at 25%: 1000 contacts -> 250 conversions -> 2500 - 1000
    expect(result.mass.profit).toBeCloseTo(1500, 9);
    expect(result.profitGain).toBeCloseTo(-250, 9);
    expect(result.curve).toHaveLength(20);
    // the last positive sits at rank 14: 0.7 -> 5 * 500 - 700 - 50 = 1750 beats 0.35 -> 4 * 500 - 350 - 50
    expect(result.bestFraction).toBeCloseTo(0.7, 12);
    expect(result.curve[13]?.profit).toBeCloseTo(1750, 9);
  });
  it('makes targeting pay when contacts are expensive, as in the brief (mass loses, top 20% earns)', () => {
    const result = campaignRoi(labels, scores, 0.2, { costPerContact: 3, marginPerConversion: 10 });
    expect(result.mass.profit).toBeLessThan(0);
    expect(result.targeted.profit).toBeGreaterThan(0);
  });
  it('validates economics with a clear message', () => {
    expect(() => campaignRoi(labels, scores, 0.2, { costPerContact: -1, marginPerConversion: 1 })).toThrow();
    expect(() => campaignRoi(labels, scores, 0, { costPerContact: 1, marginPerConversion: 1 })).toThrow(
      /fractionTargeted/,
    );
  });
});

describe('reliability and ECE', () => {
  it('bins by predicted probability and reports the observed rate', () => {
    const table = reliabilityTable([0, 1, 1, 1], [0.1, 0.15, 0.9, 0.95], { bins: 2 });
    expect(table[0]).toMatchObject({ count: 2, observedRate: 0.5 });
    expect(table[0]?.meanPredicted).toBeCloseTo(0.125, 12);
    expect(table[1]).toMatchObject({ count: 2, observedRate: 1 });
  });
  it('ECE is the count-weighted gap: (2*|0.125-0.5| + 2*|0.925-1|)/4', () => {
    expect(expectedCalibrationError([0, 1, 1, 1], [0.1, 0.15, 0.9, 0.95], { bins: 2 })).toBeCloseTo(
      (2 * 0.375 + 2 * 0.075) / 4,
      12,
    );
  });
  it('quantile strategy makes equal-count bins', () => {
    const table = reliabilityTable(labels, scores, { bins: 4, strategy: 'quantile' });
    expect(table.map((b) => b.count)).toEqual([5, 5, 5, 5]);
  });
});
