import { describe, expect, it } from 'vitest';
import {
  applyCalibrator,
  applyIsotonic,
  applyPlatt,
  calibrateAll,
  fitCalibrator,
  fitIsotonic,
  fitPlatt,
  parseCalibrator,
  poolAdjacentViolators,
} from '../../../scoring/calibration/index.ts';
import { Rng } from '../../../scoring/learners/rng.ts';
import { logLoss } from '../../../scoring/metrics/index.ts';

describe('pool adjacent violators', () => {
  it('pools each violating pair into its mean (sklearn: 1, 2.5, 2.5, 3.5, 3.5, 5)', () => {
    expect(Array.from(poolAdjacentViolators([1, 3, 2, 4, 3, 5]))).toEqual([1, 2.5, 2.5, 3.5, 3.5, 5]);
  });
  it('uses weights when pooling', () => {
    expect(Array.from(poolAdjacentViolators([3, 1], [3, 1]))).toEqual([2.5, 2.5]);
  });
  it('leaves an already increasing sequence alone', () => {
    expect(Array.from(poolAdjacentViolators([0, 0.2, 0.7]))).toEqual([0, 0.2, 0.7]);
  });
});

describe('isotonic calibrator', () => {
  it('matches sklearn IsotonicRegression knots and interpolated predictions', () => {
    const model = fitIsotonic([1, 2, 3, 4, 5, 6], [1, 3, 2, 4, 3, 5], 0);
    expect(model.x).toEqual([1, 2, 3, 4, 5, 6]);
    expect(model.y).toEqual([1, 2.5, 2.5, 3.5, 3.5, 5]);
  });
  it('pools tied scores before PAV and interpolates between knots like sklearn', () => {
    const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.2, 0.4, 0.65, 0.7];
    const labels = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0];
    const model = fitIsotonic(scores, labels, 0);
    expect(model.x).toEqual([0.1, 0.2, 0.35, 0.7, 0.8, 0.9]);
    expect(model.y).toEqual([0, 0, 0.5, 0.5, 1, 1]);
    expect(applyIsotonic(model, 0.3)).toBeCloseTo(1 / 3, 12);
    expect(applyIsotonic(model, 0.75)).toBeCloseTo(0.75, 12);
  });
  it('clips outside the fitted range and keeps outputs off exact 0 and 1', () => {
    const model = fitIsotonic([0.2, 0.8], [0, 1]);
    expect(applyIsotonic(model, -5)).toBeCloseTo(1e-3, 12);
    expect(applyIsotonic(model, 5)).toBeCloseTo(1 - 1e-3, 12);
  });
});

describe('Platt scaling', () => {
  const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.2, 0.4, 0.65, 0.7];
  const labels = [0, 0, 1, 1, 0, 1, 0, 1, 1, 0];
  it('on raw scores reproduces sklearn _sigmoid_calibration (A=-3.3347, B=1.6269, opposite sign convention)', () => {
    const model = fitPlatt(scores, labels, 'raw');
    expect(model.a).toBeCloseTo(3.334725821370677, 4);
    expect(model.b).toBeCloseTo(-1.6268570842093175, 4);
  });
  it('recovers a known logistic relation on logit inputs', () => {
    const rng = new Rng(7);
    const s: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const z = rng.nextGaussian() * 2;
      s.push(1 / (1 + Math.exp(-z)));
      y.push(rng.nextFloat() < 1 / (1 + Math.exp(-(0.5 * z - 1))) ? 1 : 0);
    }
    const model = fitPlatt(s, y);
    expect(model.a).toBeCloseTo(0.5, 1);
    expect(model.b).toBeCloseTo(-1, 1);
    expect(applyPlatt(model, 0.5)).toBeCloseTo(1 / (1 + Math.exp(-model.b)), 12);
  });
});

describe('calibrator JSON', () => {
  it('round-trips every method through JSON and gives identical outputs', () => {
    const scores = [0.1, 0.3, 0.5, 0.7, 0.9, 0.2, 0.6];
    const labels = [0, 0, 1, 1, 1, 0, 0];
    for (const method of ['isotonic', 'platt', 'none'] as const) {
      const model = fitCalibrator(method, scores, labels);
      const restored = parseCalibrator(JSON.parse(JSON.stringify(model)));
      expect(Array.from(calibrateAll(restored, scores))).toEqual(Array.from(calibrateAll(model, scores)));
    }
  });
  it('rejects a broken calibrator naming the field', () => {
    expect(() => parseCalibrator({ method: 'platt', a: 'x', b: 0, input: 'logit' })).toThrow(/at a:/);
    expect(() => parseCalibrator({ method: 'isotonic', x: [2, 1], y: [0, 1], floor: 0 })).toThrow(
      /strictly increasing/,
    );
  });
  it("'auto' picks isotonic for a non-sigmoid distortion and improves held-out log loss", () => {
    const rng = new Rng(3);
    const fitScores: number[] = [];
    const fitLabels: number[] = [];
    const testScores: number[] = [];
    const testLabels: number[] = [];
    // Three score levels whose true rates (5 %, 50 %, 55 %) no sigmoid of the score can follow.
    const levels = [0.2, 0.5, 0.8];
    const rates = [0.05, 0.5, 0.55];
    for (let i = 0; i < 6000; i++) {
      const level = rng.nextInt(3);
      const score = (levels[level] as number) + 0.01 * rng.nextFloat();
      const label = rng.nextFloat() < (rates[level] as number) ? 1 : 0;
      (i < 3000 ? fitScores : testScores).push(score);
      (i < 3000 ? fitLabels : testLabels).push(label);
    }
    const auto = fitCalibrator('auto', fitScores, fitLabels);
    expect(auto.method).toBe('isotonic');
    const calibrated = testScores.map((s) => applyCalibrator(auto, s));
    expect(logLoss(testLabels, calibrated)).toBeLessThan(logLoss(testLabels, testScores));
    const platt = calibrateAll(fitCalibrator('platt', fitScores, fitLabels), testScores);
    expect(logLoss(testLabels, calibrated)).toBeLessThan(logLoss(testLabels, platt));
  });
});
