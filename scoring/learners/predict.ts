/**
 * Fast scoring of a TreeEnsemble on raw rows (see compile-ensemble.ts for the node layout).
 * Batches are scored tree by tree over blocks of rows, so one tree's nodes stay in cache while
 * a block walks it (measured faster than row by row, and than interleaving rows level by level);
 * per row the trees are still summed in model order, which keeps batch and single-row results
 * bit-identical.
 */
import { type CompiledEnsemble, compileEnsemble, LEAF } from './compile-ensemble.ts';
import type { Dataset, Predictor, TreeEnsemble } from './types.ts';

const compiledCache = new WeakMap<TreeEnsemble, CompiledEnsemble>();

function compiled(model: TreeEnsemble): CompiledEnsemble {
  let c = compiledCache.get(model);
  if (!c) {
    c = compileEnsemble(model);
    compiledCache.set(model, c);
  }
  return c;
}

/** Index of the child of inner node `i` that the row at x[base ..] goes to. */
function childOf(c: CompiledEnsemble, i: number, meta: number, x: Float64Array, base: number): number {
  const threshold = c.values[2 * i]!;
  const f = meta >> 2;
  const v = x[base + f]!;
  let goLeft: boolean;
  if ((meta & 2) === 0) {
    goLeft = v <= threshold || (Number.isNaN(v) && (meta & 1) === 1);
  } else {
    const index = c.codeIndex[f]!;
    const local = v >= 0 && v < index.length && Number.isInteger(v) ? index[v]! : -1;
    if (local >= 0) goLeft = c.categoryBits[threshold + local] === 1;
    else goLeft = (Number.isNaN(v) || c.unknownIsMissing[f] === 1) && (meta & 1) === 1;
  }
  return goLeft ? i + 1 : c.links[4 * i + 3]!;
}

/** Output of the tree rooted at `node` for the row stored at x[base .. base + nFeatures). */
function treeOutput(c: CompiledEnsemble, node: number, x: Float64Array, base: number): number {
  const links = c.links;
  let i = node;
  for (;;) {
    const meta = links[4 * i + 2]!;
    if (meta === LEAF) return c.values[2 * i]!;
    i = childOf(c, i, meta, x, base);
  }
}

function marginOfRow(c: CompiledEnsemble, row: ArrayLike<number>): number {
  const x = c.rowScratch;
  for (let f = 0; f < c.nFeatures; f++) x[f] = row[f]!;
  let sum = 0;
  for (let t = 0; t < c.roots.length; t++) sum += treeOutput(c, c.roots[t]!, x, 0);
  return c.baseScore + c.scale * sum;
}

const BLOCK_ROWS = 2048;

/** Batch margins, tree by tree over blocks of rows (copied row-major) so each tree stays cached. */
function marginsOf(c: CompiledEnsemble, columns: readonly Float64Array[], nRows: number): Float64Array {
  const p = c.nFeatures;
  const out = new Float64Array(nRows);
  const block = new Float64Array(BLOCK_ROWS * p);
  for (let r0 = 0; r0 < nRows; r0 += BLOCK_ROWS) {
    const n = Math.min(nRows, r0 + BLOCK_ROWS) - r0;
    for (let f = 0; f < p; f++) {
      const column = columns[f]!;
      for (let k = 0; k < n; k++) block[k * p + f] = column[r0 + k]!;
    }
    for (let t = 0; t < c.roots.length; t++) {
      const root = c.roots[t]!;
      for (let k = 0; k < n; k++) out[r0 + k]! += treeOutput(c, root, block, k * p);
    }
    for (let k = 0; k < n; k++) out[r0 + k] = c.baseScore + c.scale * out[r0 + k]!;
  }
  return out;
}

/** Raw output (margin) of the ensemble for one dense row in featureNames order. */
export function ensembleOutput(model: TreeEnsemble, row: ArrayLike<number>): number {
  return marginOfRow(compiled(model), row);
}

export interface EnsemblePredictor extends Predictor {
  /** Raw output before the link (log-odds for boosting classifiers). */
  marginRow(row: ArrayLike<number>): number;
  /** Raw outputs for every row of a dataset. */
  margins(data: Dataset): Float64Array;
}

/** A Predictor returning P(y=1) for classifiers and the predicted value for regressors. */
export function ensemblePredictor(model: TreeEnsemble): EnsemblePredictor {
  const c = compiled(model);
  const checkRow = (row: ArrayLike<number>) => {
    if (row.length < c.nFeatures) {
      throw new Error(
        `predictRow: the row has ${row.length} values; the model needs ${c.nFeatures} (${model.featureNames.join(', ')})`,
      );
    }
  };
  const link = (margin: number) => (c.logit ? 1 / (1 + Math.exp(-margin)) : margin);
  const margins = (data: Dataset): Float64Array => {
    const columns = model.featureNames.map((name) => {
      const j = data.featureNames.indexOf(name);
      if (j < 0) throw new Error(`predict: the dataset has no feature "${name}" the model was trained on`);
      return data.columns[j]!;
    });
    return marginsOf(c, columns, data.nRows);
  };
  return {
    predictRow(row) {
      checkRow(row);
      return link(marginOfRow(c, row));
    },
    marginRow(row) {
      checkRow(row);
      return marginOfRow(c, row);
    },
    margins,
    predict(data) {
      const out = margins(data);
      if (c.logit) for (let r = 0; r < out.length; r++) out[r] = link(out[r]!);
      return out;
    },
  };
}
