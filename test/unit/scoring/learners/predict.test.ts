import { describe, expect, it } from 'vitest';
import { syntheticDataset } from '../../../../bench/scoring/learner-fixtures.ts';
import { trainBoosting } from '../../../../scoring/learners/boosting.ts';
import { trainForestSync } from '../../../../scoring/learners/forest.ts';
import { ensembleOutput, ensemblePredictor } from '../../../../scoring/learners/predict.ts';
import type { TreeEnsemble } from '../../../../scoring/learners/types.ts';
import { row } from './helpers.ts';

describe('ensemble predictor', () => {
  const set = syntheticDataset(1500, 8, 31);
  const boosting = trainBoosting(set.data, set.y, { maxIter: 15 });

  it('scores single rows exactly like the batch path', () => {
    const predictor = ensemblePredictor(boosting);
    const batch = predictor.predict(set.data);
    for (const r of [0, 1, 17, 500, 1499]) expect(predictor.predictRow(row(set.data, r))).toBe(batch[r]);
  });

  it('applies the logistic link to the margin for boosting classifiers', () => {
    const predictor = ensemblePredictor(boosting);
    const x = row(set.data, 3);
    const margin = ensembleOutput(boosting, x);
    expect(predictor.marginRow(x)).toBe(margin);
    expect(predictor.predictRow(x)).toBeCloseTo(1 / (1 + Math.exp(-margin)), 15);
  });

  it('adds baseScore and scaled leaf values exactly as the contract says', () => {
    const forest = trainForestSync(set.data, set.y, { nTrees: 3, maxDepth: 3 });
    const x = row(set.data, 9);
    const leafValue = (tree: TreeEnsemble['trees'][number]) => {
      let i = 0;
      while (tree.feature[i]! >= 0) {
        const v = x[tree.feature[i]!]!;
        const goLeft = forest.categorical[tree.feature[i]!]
          ? tree.leftCategories[i]!.includes(v) || (Number.isNaN(v) && tree.missingLeft[i] === 1)
          : v <= tree.threshold[i]! || (Number.isNaN(v) && tree.missingLeft[i] === 1);
        i = goLeft ? tree.left[i]! : tree.right[i]!;
      }
      return tree.value[i]!;
    };
    const expected = forest.baseScore + forest.scale * forest.trees.reduce((s, t) => s + leafValue(t), 0);
    expect(ensembleOutput(forest, x)).toBeCloseTo(expected, 14);
  });

  it('matches dataset columns by name, whatever their order', () => {
    const predictor = ensemblePredictor(boosting);
    const reversed = {
      ...set.data,
      featureNames: [...set.data.featureNames].reverse(),
      columns: [...set.data.columns].reverse(),
      categorical: [...set.data.categorical].reverse(),
    };
    expect(Array.from(predictor.predict(reversed))).toEqual(Array.from(predictor.predict(set.data)));
    const missing = { ...set.data, featureNames: set.data.featureNames.map((n) => (n === 'x0' ? 'age' : n)) };
    expect(() => predictor.predict(missing)).toThrow(/no feature "x0"/);
    expect(() => predictor.predictRow([1, 2])).toThrow(/the row has 2 values; the model needs 8/);
  });
});
