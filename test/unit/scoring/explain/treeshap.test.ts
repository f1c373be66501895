import { describe, expect, it } from 'vitest';
import { bruteForceShapley } from '../../../../scoring/explain/brute-force-shapley.ts';
import { prepareTree } from '../../../../scoring/explain/prepared-tree.ts';
import { splitRouting } from '../../../../scoring/explain/routing.ts';
import { createTreeShapExplainer, treeShap } from '../../../../scoring/explain/treeshap.ts';
import { patternTableSize } from '../../../../scoring/explain/treeshap-patterns.ts';
import { ensembleOutput } from '../../../../scoring/learners/predict.ts';
import type { Dataset, FlatTree, TreeEnsemble } from '../../../../scoring/learners/types.ts';
import { randomEnsemble, randomRow, seededRandom } from '../../../helpers/scoring/random-trees.ts';

/** x0 AND x1 as a tree: the textbook case whose Shapley values can be worked out by hand. */
const andTree: FlatTree = {
  feature: Int32Array.from([0, -1, 1, -1, -1]),
  threshold: Float64Array.from([0.5, 0, 0.5, 0, 0]),
  missingLeft: Uint8Array.from([1, 0, 0, 0, 0]),
  leftCategories: [[], [], [], [], []],
  left: Int32Array.from([1, -1, 3, -1, -1]),
  right: Int32Array.from([2, -1, 4, -1, -1]),
  value: Float64Array.from([0.25, 0, 0.5, 0, 1]),
  cover: Float64Array.from([100, 50, 50, 25, 25]),
};

function single(tree: FlatTree, nFeatures: number, categorical: boolean[] = []): TreeEnsemble {
  return {
    kind: 'boosting',
    task: 'regression',
    link: 'identity',
    baseScore: 0,
    scale: 1,
    trees: [tree],
    featureNames: Array.from({ length: nFeatures }, (_, j) => `f${j}`),
    categorical: Array.from({ length: nFeatures }, (_, j) => categorical[j] ?? false),
  };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let j = 0; j < actual.length; j++) expect(Math.abs(actual[j]! - expected[j]!)).toBeLessThan(tolerance);
}

describe('TreeSHAP on a hand-made tree', () => {
  it('splits the AND tree evenly between both features', () => {
    const { expectedValue, contributions } = treeShap(single(andTree, 3), [1, 1, 7]);
    expect(expectedValue).toBeCloseTo(0.25, 12);
    expectClose(contributions, [0.375, 0.375, 0], 1e-12);
  });

  it('gives the feature that decides a miss all the blame', () => {
    // x0 = 0 goes left to value 0 whatever x1 is: v({})=.25, v({0})=0, v({1})=.5, v({0,1})=0.
    const { contributions } = treeShap(single(andTree, 2), [0, 1]);
    expectClose(contributions, [-0.375, 0.125], 1e-12);
  });

  it('routes a missing value the way missingLeft says', () => {
    const missingGoesLeft = treeShap(single(andTree, 2), [Number.NaN, 1]).contributions;
    expectClose(missingGoesLeft, [-0.375, 0.125], 1e-12);
    const flipped: FlatTree = { ...andTree, missingLeft: Uint8Array.from([0, 0, 0, 0, 0]) };
    expectClose(treeShap(single(flipped, 2), [Number.NaN, 1]).contributions, [0.375, 0.375], 1e-12);
  });

  it('routes categories listed in leftCategories left and other or unseen codes right', () => {
    const categoryTree: FlatTree = { ...andTree, leftCategories: [[0, 2], [], [], [], []] };
    const model = single(categoryTree, 2, [true, false]);
    expectClose(treeShap(model, [2, 1]).contributions, [-0.375, 0.125], 1e-12);
    expectClose(treeShap(model, [1, 1]).contributions, [0.375, 0.375], 1e-12);
    expectClose(treeShap(model, [9, 1]).contributions, [0.375, 0.375], 1e-12);
    expectClose(treeShap(model, [Number.NaN, 1]).contributions, [-0.375, 0.125], 1e-12);
  });

  it('sends a code outside the training domain the missing-value way when the domain is known', () => {
    const categoryTree: FlatTree = { ...andTree, leftCategories: [[0, 2], [], [], [], []] };
    const model = { ...single(categoryTree, 2, [true, false]), categoryDomains: [[0, 1, 2, 3], null] };
    expectClose(treeShap(model, [9, 1]).contributions, [-0.375, 0.125], 1e-12);
    expectClose(treeShap(model, [3, 1]).contributions, [0.375, 0.375], 1e-12);
    for (const code of [9, 3, 2, Number.NaN]) {
      const { expectedValue, contributions } = treeShap(model, [code, 1]);
      expect(expectedValue + contributions[0]! + contributions[1]!).toBeCloseTo(
        ensembleOutput(model, [code, 1]),
        12,
      );
    }
  });
});

describe('TreeSHAP equals brute-force Shapley values', () => {
  const cases = [
    { name: 'numeric splits, missing values', categorical: [false, false, false, false, false] },
    { name: 'numeric and categorical splits', categorical: [true, false, true, false, false] },
  ];
  for (const { name, categorical } of cases) {
    it(`on random small trees: ${name}`, () => {
      const random = seededRandom(categorical.filter(Boolean).length + 11);
      for (let trial = 0; trial < 60; trial++) {
        const model = randomEnsemble(random, {
          nTrees: 1 + (trial % 3),
          kind: trial % 2 === 0 ? 'boosting' : 'forest',
          nFeatures: 5,
          maxDepth: 2 + (trial % 4),
          categorical,
          withDomains: trial % 4 < 2,
          leafChance: 0.2,
          zeroCoverChance: 0.1,
        });
        const tabulated = createTreeShapExplainer(model);
        const recursive = createTreeShapExplainer(model, { patternBudget: 0 });
        expect(tabulated.tabulatedTrees).toBe(model.trees.length);
        expect(recursive.tabulatedTrees).toBe(0);
        for (let r = 0; r < 5; r++) {
          const row = randomRow(random, 5, categorical);
          const exact = bruteForceShapley(model, row);
          for (const explainer of [tabulated, recursive]) {
            const fast = explainer.explainRow(row);
            expect(fast.expectedValue).toBeCloseTo(exact.expectedValue, 12);
            expectClose(fast.contributions, exact.contributions, 1e-10);
          }
        }
      }
    });
  }
});

describe('TreeSHAP local accuracy on ensembles', () => {
  for (const kind of ['forest', 'boosting'] as const) {
    it(`expected value + contributions = margin for a ${kind}`, () => {
      const random = seededRandom(kind === 'forest' ? 3 : 4);
      const categorical = Array.from({ length: 12 }, (_, j) => j % 4 === 0);
      const options = {
        nTrees: 40,
        kind,
        nFeatures: 12,
        maxDepth: 6,
        categorical,
        leafChance: 0.1,
        withDomains: true,
      };
      const model = randomEnsemble(random, options);
      const explainer = createTreeShapExplainer(model);
      const out = new Float64Array(12);
      for (let r = 0; r < 50; r++) {
        const row = randomRow(random, 12, categorical);
        const { expectedValue, contributions } = explainer.explainRow(row, out);
        expect(contributions).toBe(out);
        const total = contributions.reduce((sum, phi) => sum + phi, expectedValue);
        expect(Math.abs(total - ensembleOutput(model, row))).toBeLessThan(1e-9);
      }
    });
  }

  it('mixes tabulated and recursive trees when the pattern budget runs out', () => {
    const random = seededRandom(21);
    const model = randomEnsemble(random, { nTrees: 4, kind: 'boosting', nFeatures: 6, maxDepth: 4 });
    const firstTreeSize = patternTableSize(prepareTree(model.trees[0]!, 0, splitRouting(model)));
    const mixed = createTreeShapExplainer(model, { patternBudget: firstTreeSize });
    expect(mixed.tabulatedTrees).toBe(1);
    for (let r = 0; r < 20; r++) {
      const row = randomRow(random, 6);
      expectClose(mixed.explainRow(row).contributions, bruteForceShapley(model, row).contributions, 1e-10);
    }
  });

  it('explains a dataset in blocks with the same numbers as explainRow', () => {
    const random = seededRandom(9);
    const model = randomEnsemble(random, { nTrees: 5, kind: 'boosting', nFeatures: 4, maxDepth: 4 });
    // More rows than one block (256) so the block boundary is crossed.
    const rows = Array.from({ length: 300 }, () => randomRow(random, 4));
    const data: Dataset = {
      nRows: rows.length,
      featureNames: model.featureNames,
      columns: model.featureNames.map((_, j) => Float64Array.from(rows, (row) => row[j]!)),
      categorical: model.categorical,
    };
    const explainer = createTreeShapExplainer(model);
    const batch = explainer.explainDataset(data);
    expect(batch.contributions.length).toBe(1200);
    rows.forEach((row, r) => {
      expectClose(
        batch.contributions.subarray(r * 4, r * 4 + 4),
        explainer.explainRow(row).contributions,
        1e-15,
      );
    });
  });

  it('gives a single-leaf tree no contributions and its value as expectation', () => {
    const leaf: FlatTree = {
      feature: Int32Array.from([-1]),
      threshold: Float64Array.from([0]),
      missingLeft: Uint8Array.from([0]),
      leftCategories: [[]],
      left: Int32Array.from([-1]),
      right: Int32Array.from([-1]),
      value: Float64Array.from([0.7]),
      cover: Float64Array.from([10]),
    };
    const result = treeShap({ ...single(leaf, 2), baseScore: 0.1, scale: 2 }, [1, 2]);
    expect(result.expectedValue).toBeCloseTo(1.5, 12);
    expectClose(result.contributions, [0, 0], 1e-15);
  });
});

describe('TreeSHAP input checks', () => {
  it('names the tree and node of a corrupt model', () => {
    const badChild: FlatTree = { ...andTree, right: Int32Array.from([9, -1, 4, -1, -1]) };
    expect(() => createTreeShapExplainer(single(badChild, 2))).toThrow(/tree 0 node 0: child 9/);
    const cycle: FlatTree = { ...andTree, right: Int32Array.from([2, -1, 1, -1, -1]) };
    expect(() => createTreeShapExplainer(single(cycle, 2))).toThrow(/node 1: reached twice/);
    expect(() => createTreeShapExplainer(single(andTree, 1))).toThrow(/feature 1 is outside 0..0/);
    const short: FlatTree = { ...andTree, cover: Float64Array.from([1, 2]) };
    expect(() => createTreeShapExplainer(single(short, 2))).toThrow(/cover has 2 entries/);
  });

  it('rejects a row of the wrong width', () => {
    expect(() => treeShap(single(andTree, 2), [1])).toThrow(/row has 1 values but the model has 2 features/);
  });
});
