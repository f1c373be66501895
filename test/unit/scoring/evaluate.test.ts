import { describe, expect, it } from 'vitest';
import { makeTrainCandidate } from '../../../scoring/eval/candidates.ts';
import { evaluate } from '../../../scoring/eval/evaluate.ts';
import type { TrainCandidate } from '../../../scoring/eval/fold-runner.ts';
import { timeHoldout } from '../../../scoring/eval/folds.ts';
import { Rng } from '../../../scoring/learners/rng.ts';
import type { Dataset } from '../../../scoring/learners/types.ts';

/** 1,200 rows: a logistic signal in x1 and the category, noise in x2, plus a row-id column. */
function synthetic(): { data: Dataset; y: Float64Array } {
  const rng = new Rng(21);
  const n = 1200;
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const cat = new Float64Array(n);
  const id = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = rng.nextGaussian();
    x2[i] = rng.nextGaussian();
    cat[i] = rng.nextInt(4);
    id[i] = i;
    const z = 1.8 * (x1[i] as number) + (cat[i] === 3 ? 1.2 : 0) - 0.8;
    y[i] = rng.nextFloat() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    data: {
      nRows: n,
      featureNames: ['x1', 'x2', 'cat', 'id'],
      columns: [x1, x2, cat, id],
      categorical: [false, false, true, false],
    },
    y,
  };
}

const logisticOnly = makeTrainCandidate();
const fakeClock = (() => {
  let t = 0;
  return () => (t += 0.5);
})();

describe('evaluate', () => {
  const { data, y } = synthetic();

  it('reports per-fold and mean±sd metrics and a pooled lift table for the logistic learner', () => {
    const report = evaluate({
      data,
      y,
      model: 'logistic',
      folds: 4,
      seed: 42,
      train: logisticOnly,
      clock: fakeClock,
    });
    expect(report.folds).toHaveLength(4);
    expect(report.folds.reduce((a, f) => a + f.testRows, 0)).toBe(1200);
    expect(report.summary.rocAuc.mean).toBeGreaterThan(0.8);
    expect(report.summary.rocAuc.sd).toBeGreaterThan(0);
    expect(report.summary.logLoss.mean).toBeLessThan(0.6);
    expect(report.summary.fitSeconds.mean).toBeGreaterThan(0);
    expect(report.outOfFold.every((p) => p > 0 && p < 1)).toBe(true);
    expect(report.lift.bands).toHaveLength(10);
    expect(report.lift.bands[0]?.lift).toBeGreaterThan(1.8);
    expect(report.lift.bands.reduce((a, b) => a + b.count, 0)).toBe(1200);
    expect(report.reliability.reduce((a, b) => a + b.count, 0)).toBe(1200);
    for (const fold of report.folds) expect(['isotonic', 'platt', 'identity']).toContain(fold.calibration);
  });

  it('never shows a learner a row of the test fold (checked through the row-id column)', () => {
    const seen: number[][] = [];
    const spy: TrainCandidate = (name, d, labels, seed) => {
      seen.push(Array.from(d.columns[3] as Float64Array));
      return logisticOnly(name, d, labels, seed);
    };
    const report = evaluate({
      data,
      y,
      model: 'logistic',
      folds: 3,
      seed: 1,
      train: spy,
      calibration: 'platt',
    });
    expect(report.folds).toHaveLength(3);
    // four trainings per fold: three inner cross-fits for the calibrator, then the refit
    expect(seen).toHaveLength(12);
    const scored = new Set<number>();
    report.folds.forEach((_, k) => {
      const trainIds = new Set(seen.slice(4 * k, 4 * k + 4).flat());
      const testIds = [...Array(1200).keys()].filter((i) => !trainIds.has(i));
      expect(testIds.length).toBe(report.folds[k]?.testRows);
      for (const i of testIds) scored.add(i);
    });
    expect(scored.size).toBe(1200);
  });

  it("'auto' drops a useless candidate and keeps the informative one", () => {
    const noise: TrainCandidate = (name, d, labels, seed) => {
      if (name === 'logistic') return logisticOnly(name, d, labels, seed);
      const rng = new Rng(seed);
      return {
        predictRow: () => rng.nextFloat(),
        predict: (t) => Float64Array.from({ length: t.nRows }, () => rng.nextFloat()),
      };
    };
    const report = evaluate({ data, y, model: 'auto', folds: 3, seed: 5, train: noise });
    for (const fold of report.folds) expect(fold.model).toBe('logistic');
  });

  it('accepts an out-of-time split instead of k folds', () => {
    const times = Float64Array.from({ length: 1200 }, (_, i) => i);
    const report = evaluate({
      data,
      y,
      model: 'logistic',
      splits: [timeHoldout(times, { testFraction: 0.25 })],
      train: logisticOnly,
    });
    expect(report.folds).toHaveLength(1);
    expect(report.folds[0]?.testRows).toBe(300);
    expect(Number.isNaN(report.outOfFold[0])).toBe(true);
    expect(report.lift.totalCount).toBe(300);
  });

  it('rejects non-binary labels and classes too small for the folds', () => {
    expect(() => evaluate({ data, y: y.map((v, i) => (i === 3 ? 2 : v)), model: 'logistic' })).toThrow(
      /row 3/,
    );
    const rare = new Float64Array(1200);
    rare[0] = 1;
    expect(() => evaluate({ data, y: rare, model: 'logistic', folds: 5 })).toThrow(/at least 5 rows/);
  });
});
