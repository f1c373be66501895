import type { Dataset, TreeEnsemble } from '../learners/types.ts';
import { type PreparedTree, prepareEnsemble } from './prepared-tree.ts';
import { allocatePath, type PathBuffers } from './treeshap-path.ts';
import {
  accumulateTreePatterns,
  buildPatternTable,
  type PatternTable,
  patternTableSize,
} from './treeshap-patterns.ts';
import { accumulateTreeRecursive } from './treeshap-recursive.ts';

/** Margin-scale SHAP values of one row: expectedValue + sum(contributions) = ensemble margin. */
export interface ShapExplanation {
  /** baseScore + scale * sum of the trees' path-dependent expectations. */
  readonly expectedValue: number;
  /** One value per feature, in ensemble.featureNames order. */
  readonly contributions: Float64Array;
}

/** SHAP values for many rows: contributions is row-major, nRows x nFeatures. */
export interface ShapBatch {
  readonly expectedValue: number;
  readonly nFeatures: number;
  readonly contributions: Float64Array;
}

export interface TreeShapOptions {
  /**
   * How many precomputed numbers (8 bytes each) the leaf-pattern tables may hold across the
   * ensemble; trees beyond it use the recursive algorithm. Both are exact. Default 2^22 (32 MiB),
   * enough for 170 full depth-6 trees; 0 turns the tables off.
   */
  readonly patternBudget?: number;
}

export interface TreeShapExplainer {
  readonly expectedValue: number;
  readonly featureNames: readonly string[];
  /** How many trees use precomputed leaf-pattern tables (the rest run Algorithm 2 directly). */
  readonly tabulatedTrees: number;
  /**
   * Explain one dense row (featureNames order, NaN = missing). Writes into `out` when given (length
   * nFeatures, overwritten) so batch callers allocate nothing per row.
   */
  explainRow(row: ArrayLike<number>, out?: Float64Array): ShapExplanation;
  /** Explain every row of a column-major dataset whose features match the ensemble's. */
  explainDataset(data: Dataset): ShapBatch;
}

const defaultPatternBudget = 2 ** 22;
const rowsPerBlock = 256;

type TreeExplainer = { readonly table: PatternTable } | { readonly prepared: PreparedTree };

/**
 * Exact path-dependent TreeSHAP (Lundberg et al. 2018, Algorithm 2) for a tree ensemble. Validates
 * and precomputes the trees once; every explanation afterwards reuses the same buffers.
 */
export function createTreeShapExplainer(
  ensemble: TreeEnsemble,
  options: TreeShapOptions = {},
): TreeShapExplainer {
  const prepared = prepareEnsemble(ensemble);
  const nFeatures = ensemble.featureNames.length;
  const path: PathBuffers = allocatePath(
    prepared.reduce((deepest, tree) => Math.max(deepest, tree.depth), 0),
  );
  let treeSum = 0;
  for (const tree of prepared) treeSum += tree.expectedValue;
  const expectedValue = ensemble.baseScore + ensemble.scale * treeSum;

  let budget = options.patternBudget ?? defaultPatternBudget;
  if (!(budget >= 0))
    throw new Error(`createTreeShapExplainer: patternBudget must be a number >= 0, got ${budget}`);
  const explainers: TreeExplainer[] = prepared.map((tree) => {
    const size = budget > 0 ? patternTableSize(tree) : Number.POSITIVE_INFINITY;
    if (size > budget) return { prepared: tree };
    budget -= size;
    return { table: buildPatternTable(tree, size) };
  });

  /** Add every tree's values for the row at x[xOffset ..] into phi[phiOffset ..], unscaled. */
  const accumulate = (
    tree: TreeExplainer,
    x: ArrayLike<number>,
    xOffset: number,
    phi: Float64Array,
    phiOffset: number,
  ) => {
    if ('table' in tree) accumulateTreePatterns(tree.table, x, xOffset, phi, phiOffset);
    else accumulateTreeRecursive(tree.prepared, x, xOffset, phi, phiOffset, path);
  };

  const explainRow = (row: ArrayLike<number>, out?: Float64Array): ShapExplanation => {
    if (row.length !== nFeatures) {
      throw new Error(`explainRow: row has ${row.length} values but the model has ${nFeatures} features`);
    }
    const phi = out ?? new Float64Array(nFeatures);
    if (phi.length !== nFeatures)
      throw new Error(`explainRow: out has length ${phi.length}, expected ${nFeatures}`);
    phi.fill(0);
    for (const tree of explainers) accumulate(tree, row, 0, phi, 0);
    for (let j = 0; j < nFeatures; j++) phi[j]! *= ensemble.scale;
    return { expectedValue, contributions: phi };
  };

  // Rows are explained in blocks, tree by tree, so each tree's tables stay in cache across a block
  // instead of every tree being fetched from memory again for every row.
  const explainDataset = (data: Dataset): ShapBatch => {
    assertSameFeatures(data, ensemble);
    const contributions = new Float64Array(data.nRows * nFeatures);
    const block = new Float64Array(rowsPerBlock * nFeatures);
    for (let first = 0; first < data.nRows; first += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, data.nRows - first);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < nFeatures; j++) block[r * nFeatures + j] = data.columns[j]![first + r]!;
      }
      for (const tree of explainers) {
        for (let r = 0; r < rows; r++)
          accumulate(tree, block, r * nFeatures, contributions, (first + r) * nFeatures);
      }
    }
    for (let i = 0; i < contributions.length; i++) contributions[i]! *= ensemble.scale;
    return { expectedValue, nFeatures, contributions };
  };

  const tabulatedTrees = explainers.filter((explainer) => 'table' in explainer).length;
  return { expectedValue, featureNames: ensemble.featureNames, tabulatedTrees, explainRow, explainDataset };
}

/** One row without precomputed tables; build an explainer once when explaining many rows. */
export function treeShap(ensemble: TreeEnsemble, row: ArrayLike<number>): ShapExplanation {
  return createTreeShapExplainer(ensemble, { patternBudget: 0 }).explainRow(row);
}

function assertSameFeatures(data: Dataset, ensemble: TreeEnsemble): void {
  const expected = ensemble.featureNames;
  if (data.featureNames.length !== expected.length || data.columns.length !== expected.length) {
    throw new Error(
      `explainDataset: dataset has ${data.columns.length} columns, model expects ${expected.length}`,
    );
  }
  expected.forEach((name, j) => {
    if (data.featureNames[j] !== name) {
      throw new Error(`explainDataset: column ${j} is '${data.featureNames[j]}', model expects '${name}'`);
    }
    if (data.columns[j]!.length < data.nRows) {
      throw new Error(`explainDataset: column '${name}' has fewer than nRows=${data.nRows} values`);
    }
  });
}
