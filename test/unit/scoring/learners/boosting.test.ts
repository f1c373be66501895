import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../../bench/scoring/learner-fixtures.ts';
import { trainBoosting, trainBoostingDetailed } from '../../../../scoring/learners/boosting.ts';
import { holdoutSplit } from '../../../../scoring/learners/holdout.ts';
import { ensemblePredictor } from '../../../../scoring/learners/predict.ts';
import { Rng } from '../../../../scoring/learners/rng.ts';
import { serializeEnsemble } from '../../../../scoring/learners/serialize.ts';
import { makeDataset, meanLogLoss, uniformColumns } from './helpers.ts';

function xorSet(n: number, seed: number) {
  const columns = uniformColumns(n, 4, seed);
  const rng = new Rng(seed + 100);
  // XOR of two signs with 10% label noise: no single feature carries any signal on its own.
  const y = Float64Array.from(columns[0]!, (x, i) => {
    const label = x * columns[1]![i]! > 0 ? 1 : 0;
    return rng.nextFloat() < 0.1 ? 1 - label : label;
  });
  return { data: makeDataset(columns), y };
}

describe('gradient boosting', () => {
  it('fits an XOR-shaped target far better than the prior', () => {
    const train = xorSet(4000, 1);
    const test = xorSet(2000, 2);
    const model = trainBoosting(train.data, train.y, { maxIter: 60 });
    expect(model.link).toBe('logit');
    const p = ensemblePredictor(model).predict(test.data);
    const prior = train.y.reduce((s, v) => s + v, 0) / train.y.length;
    const priorLoss = meanLogLoss(
      test.y,
      test.y.map(() => prior),
    );
    expect(rocAuc(test.y, p)).toBeGreaterThan(0.85);
    expect(meanLogLoss(test.y, p)).toBeLessThan(0.7 * priorLoss);
  });

  it('starts from the prior log-odds', () => {
    const set = xorSet(1000, 3);
    const model = trainBoosting(set.data, set.y, { maxIter: 1 });
    const rate = set.y.reduce((s, v) => s + v, 0) / set.y.length;
    expect(model.baseScore).toBeCloseTo(Math.log(rate / (1 - rate)), 12);
    expect(model.scale).toBe(0.1);
  });

  it('stops early on pure noise and keeps the best iteration', () => {
    const columns = uniformColumns(3000, 5, 4);
    const rng = new Rng(4);
    const y = Float64Array.from(columns[0]!, () => (rng.nextFloat() < 0.3 ? 1 : 0));
    const result = trainBoostingDetailed(makeDataset(columns), y, { maxIter: 200, earlyStopping: true });
    expect(result.stoppedEarly).toBe(true);
    expect(result.iterations).toBeLessThan(200);
    expect(result.model.trees.length).toBe(result.bestIteration);
    const best = Math.min(...result.validationLoss);
    expect(result.validationLoss[result.bestIteration]).toBe(best);
  });

  it('turns early stopping on automatically above 10,000 rows only', () => {
    const small = xorSet(2000, 5);
    expect(trainBoostingDetailed(small.data, small.y, { maxIter: 5 }).validationLoss).toEqual([]);
    const large = xorSet(10_001, 6);
    expect(trainBoostingDetailed(large.data, large.y, { maxIter: 5 }).validationLoss.length).toBe(6);
  });

  it('holds out a stratified validation fraction, even from a million rows', () => {
    const y = Float64Array.from({ length: 1_000_000 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const { train, validation } = holdoutSplit(y, 0.1, true, 1);
    expect(validation.length).toBe(100_000);
    expect(train.length + validation.length).toBe(1_000_000);
    const positives = validation.reduce((s, r) => s + y[r]!, 0);
    expect(positives).toBe(25_000);
    expect(new Set([...train.slice(0, 1000), ...validation.slice(0, 1000)]).size).toBe(2000);
  });

  it('uses a given validation set for early stopping', () => {
    const train = xorSet(2000, 7);
    const validation = xorSet(500, 8);
    const result = trainBoostingDetailed(train.data, train.y, { maxIter: 30, validation });
    expect(result.validationLoss.length).toBe(result.iterations + 1);
    const p = ensemblePredictor(result.model).predict(validation.data);
    expect(meanLogLoss(validation.y, p)).toBeCloseTo(result.validationLoss[result.bestIteration]!, 10);
  });

  it('reduces squared error on a regression target', () => {
    const columns = uniformColumns(4000, 3, 9);
    const rng = new Rng(9);
    const y = Float64Array.from(
      columns[0]!,
      (x, i) => 3 * Math.sin(3 * x) + columns[1]![i]! + 0.2 * rng.nextGaussian(),
    );
    const half = 3000;
    const model = trainBoosting(makeDataset(columns.map((c) => c.slice(0, half))), y.slice(0, half), {
      task: 'regression',
      maxIter: 100,
    });
    expect(model.link).toBe('identity');
    const pred = ensemblePredictor(model).predict(makeDataset(columns.map((c) => c.slice(half))));
    const yTest = y.slice(half);
    const mean = yTest.reduce((s, v) => s + v, 0) / yTest.length;
    let mse = 0;
    let variance = 0;
    yTest.forEach((v, i) => {
      mse += (v - pred[i]!) ** 2;
      variance += (v - mean) ** 2;
    });
    expect(mse / variance).toBeLessThan(0.05);
  });

  it('is deterministic for a seed with row subsampling, and the seed matters', () => {
    const set = xorSet(3000, 10);
    const params = { maxIter: 10, subsample: 0.5, seed: 3 };
    const a = serializeEnsemble(trainBoosting(set.data, set.y, params));
    const b = serializeEnsemble(trainBoosting(set.data, set.y, params));
    const c = serializeEnsemble(trainBoosting(set.data, set.y, { ...params, seed: 4 }));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('rejects bad params with the field name', () => {
    const set = xorSet(100, 11);
    expect(() => trainBoosting(set.data, set.y, { learningRate: -1 })).toThrow(/learningRate/);
  });
});
