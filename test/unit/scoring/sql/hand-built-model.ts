import type { Calibrator } from '../../../../scoring/calibration/calibrator.ts';
import { DEFAULT_SCORE_BANDS } from '../../../../scoring/calibration/score-bands.ts';
import { numericPsiReference } from '../../../../scoring/drift/psi.ts';
import type { FlatTree, TreeEnsemble } from '../../../../scoring/learners/types.ts';
import type { BinaryModelArtifact } from '../../../../scoring/models/binary-artifact.ts';
import type { SqlScoringModel } from '../../../../scoring/sql/index.ts';

/** Dictionary of the categorical feature: 'd' is known to the dictionary but not to the trees. */
export const LABELS = ['a', 'b', 'c', 'd'] as const;

function tree(nodes: {
  feature: number[];
  threshold: number[];
  missingLeft: number[];
  leftCategories: number[][];
  left: number[];
  right: number[];
  value: number[];
}): FlatTree {
  return {
    feature: Int32Array.from(nodes.feature),
    threshold: Float64Array.from(nodes.threshold),
    missingLeft: Uint8Array.from(nodes.missingLeft),
    leftCategories: nodes.leftCategories,
    left: Int32Array.from(nodes.left),
    right: Int32Array.from(nodes.right),
    value: Float64Array.from(nodes.value),
    cover: Float64Array.from(nodes.value, () => 1),
  };
}

/**
 * Three trees over x (numeric) and c (categorical) that exercise every routing rule: x exactly on
 * a threshold, missing left and right, a present-vs-missing split at +Infinity, listed, unlisted,
 * dictionary-only and unknown categories.
 */
export function handBuiltEnsemble(withDomains: boolean): TreeEnsemble {
  const trees = [
    tree({
      feature: [0, -1, 1, -1, -1],
      threshold: [1.5, 0, 0, 0, 0],
      missingLeft: [1, 0, 1, 0, 0],
      leftCategories: [[], [], [0], [], []],
      left: [1, -1, 3, -1, -1],
      right: [2, -1, 4, -1, -1],
      value: [0, 0.3, 0, -0.2, 0.5],
    }),
    tree({
      feature: [0, -1, -1],
      threshold: [Number.POSITIVE_INFINITY, 0, 0],
      missingLeft: [0, 0, 0],
      leftCategories: [[], [], []],
      left: [1, -1, -1],
      right: [2, -1, -1],
      value: [0, 0.1, -0.4],
    }),
    tree({
      feature: [1, 0, -1, -1, -1],
      threshold: [0, 0.1 + 0.2, 0, 0, 0],
      missingLeft: [0, 0, 0, 0, 0],
      leftCategories: [[1, 2], [], [], [], []],
      left: [1, 2, -1, -1, -1],
      right: [4, 3, -1, -1, -1],
      value: [0, 0, 0.7, -0.1, -0.33],
    }),
  ];
  return {
    kind: 'boosting',
    task: 'classification',
    link: 'logit',
    baseScore: -0.25,
    scale: 0.1,
    trees,
    featureNames: ['x', 'c'],
    categorical: [false, true],
    ...(withDomains ? { categoryDomains: [null, [0, 1, 2]] } : {}),
  };
}

export function handBuiltModel(ensemble: TreeEnsemble, calibrator: Calibrator): SqlScoringModel {
  const artifact: BinaryModelArtifact = {
    kind: 'churn',
    entityType: 'account',
    horizonDays: 90,
    featureSet: 'account.v1',
    featureNames: ['x', 'c'],
    dictionary: { c: [...LABELS] },
    learner: { type: 'tree', ensemble },
    calibrator,
    bands: DEFAULT_SCORE_BANDS,
    drift: { features: [], score: numericPsiReference('score', [0]) },
  };
  return { name: 'churn_risk', version: 3, artifact };
}

/** Every combination of the interesting x and c values. */
export function edgeGrid(): { id: string; x: number | null; c: string | null }[] {
  const xs = [
    null,
    1.5,
    1.4999999999999998,
    1.5000000000000002,
    0.30000000000000004,
    0.3,
    0.3000000000000001,
    -7,
    1e300,
  ];
  const cs = [null, ...LABELS, 'zz', "o'brien"];
  return xs.flatMap((x, i) => cs.map((c, j) => ({ id: `r${i}_${j}`, x, c })));
}
