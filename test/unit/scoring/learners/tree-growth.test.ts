import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../../bench/scoring/learner-fixtures.ts';
import { trainBoosting } from '../../../../scoring/learners/boosting.ts';
import { trainForestSync } from '../../../../scoring/learners/forest.ts';
import { ensembleOutput, ensemblePredictor } from '../../../../scoring/learners/predict.ts';
import { Rng } from '../../../../scoring/learners/rng.ts';
import type { FlatTree } from '../../../../scoring/learners/types.ts';
import { makeDataset, uniformColumns } from './helpers.ts';

const stump = { nTrees: 1, bootstrap: false, maxDepth: 1, maxFeatures: 'all' } as const;

describe('tree growth', () => {
  it('finds a planted threshold on the right feature', () => {
    // Two-decimal values: fewer distinct values than bins, so the threshold can be exact.
    const columns = uniformColumns(2000, 5, 1).map((c) => c.map((v) => Math.round(v * 100) / 100));
    const y = Float64Array.from(columns[3]!, (x) => (x > 0.25 ? 1 : 0));
    const data = makeDataset(columns);
    const forestTree = trainForestSync(data, y, stump).trees[0]!;
    expect(forestTree.feature[0]).toBe(3);
    expect(forestTree.threshold[0]).toBeCloseTo(0.255, 10);
    expect([forestTree.value[1], forestTree.value[2]]).toEqual([0, 1]);
    const boostTree = trainBoosting(data, y, { maxIter: 1, maxLeaves: 2 }).trees[0]!;
    expect(boostTree.feature[0]).toBe(3);
    expect(boostTree.threshold[0]).toBeCloseTo(forestTree.threshold[0]!, 10);
  });

  it.each([
    { missingLabel: 1, missingLeft: 0 },
    { missingLabel: 0, missingLeft: 1 },
  ])('routes missing values to the side they resemble (missing label $missingLabel)', ({
    missingLabel,
    missingLeft,
  }) => {
    const rng = new Rng(5);
    const x = Float64Array.from({ length: 3000 }, () =>
      rng.nextFloat() < 0.3 ? Number.NaN : rng.nextInt(100) / 100,
    );
    const y = Float64Array.from(x, (v) => (Number.isNaN(v) ? missingLabel : v > 0.5 ? 1 : 0));
    const model = trainForestSync(makeDataset([x]), y, stump);
    const tree = model.trees[0]!;
    expect(tree.threshold[0]).toBeCloseTo(0.505, 10);
    expect(tree.missingLeft[0]).toBe(missingLeft);
    expect(ensemblePredictor(model).predictRow([Number.NaN])).toBe(missingLabel);
  });

  it('learns a category-set rule that one numeric threshold cannot express', () => {
    const rng = new Rng(9);
    const code = Float64Array.from({ length: 4000 }, () => rng.nextInt(8));
    const y = Float64Array.from(code, (c) => (c === 1 || c === 4 || c === 6 ? 1 : 0));
    const asCategory = makeDataset([code], [true]);
    const model = trainForestSync(asCategory, y, stump);
    const left = model.trees[0]!.leftCategories[0]!;
    expect([
      [1, 4, 6],
      [0, 2, 3, 5, 7],
    ]).toContainEqual([...left]);
    expect(rocAuc(y, ensemblePredictor(model).predict(asCategory))).toBe(1);
    const asNumber = makeDataset([code], [false]);
    const numericStump = trainForestSync(asNumber, y, stump);
    expect(rocAuc(y, ensemblePredictor(numericStump).predict(asNumber))).toBeLessThan(0.8);
  });

  it('sends a category never seen in training the way missing values go', () => {
    const rng = new Rng(3);
    const code = Float64Array.from({ length: 1000 }, () => rng.nextInt(4));
    const y = Float64Array.from(code, (c) => (c >= 2 ? 1 : 0));
    const model = trainForestSync(makeDataset([code], [true]), y, stump);
    const tree = model.trees[0]!;
    const missingSide = tree.missingLeft[0] === 1 ? tree.left[0]! : tree.right[0]!;
    expect(ensembleOutput(model, [9])).toBe(tree.value[missingSide]);
    expect(ensembleOutput(model, [Number.NaN])).toBe(tree.value[missingSide]);
  });

  it('gives inner nodes the cover-weighted mean of their children', () => {
    const columns = uniformColumns(1500, 4, 7);
    const y = Float64Array.from(columns[0]!, (x, i) => (x + columns[1]![i]! > 0 ? 1 : 0));
    const checkTree = (tree: FlatTree) => {
      let inner = 0;
      for (let i = 0; i < tree.feature.length; i++) {
        if (tree.feature[i]! < 0) continue;
        inner++;
        const l = tree.left[i]!;
        const r = tree.right[i]!;
        expect(tree.cover[i]).toBeCloseTo(tree.cover[l]! + tree.cover[r]!, 9);
        const mean = (tree.cover[l]! * tree.value[l]! + tree.cover[r]! * tree.value[r]!) / tree.cover[i]!;
        expect(tree.value[i]).toBeCloseTo(mean, 12);
      }
      expect(inner).toBeGreaterThan(2);
    };
    const forest = trainForestSync(makeDataset(columns), y, { nTrees: 2, maxDepth: 4 });
    forest.trees.forEach(checkTree);
    expect(forest.trees[0]!.cover[0]).toBe(1500);
    const boosting = trainBoosting(makeDataset(columns), y, { maxIter: 2, l2: 1 });
    boosting.trees.forEach(checkTree);
  });

  it('respects maxLeaves, maxDepth and minSamplesLeaf', () => {
    const columns = uniformColumns(3000, 4, 8);
    const rng = new Rng(8);
    const y = Float64Array.from(columns[0]!, () => (rng.nextFloat() < 0.5 ? 1 : 0));
    const leavesOf = (t: FlatTree) => t.feature.filter((f) => f < 0).length;
    const boosted = trainBoosting(makeDataset(columns), y, { maxIter: 3, maxLeaves: 7, minSamplesLeaf: 50 });
    for (const tree of boosted.trees) {
      expect(leavesOf(tree)).toBeLessThanOrEqual(7);
      tree.feature.forEach((f, i) => {
        if (f < 0) expect(tree.cover[i]).toBeGreaterThanOrEqual(50);
      });
    }
    const shallow = trainForestSync(makeDataset(columns), y, { nTrees: 3, maxDepth: 2 });
    for (const tree of shallow.trees) expect(leavesOf(tree)).toBeLessThanOrEqual(4);
  });
});
