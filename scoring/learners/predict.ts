/**
 * Fast scoring of a TreeEnsemble on raw rows. All trees are compiled once into shared flat
 * arrays (global node ids) and categorical splits into byte tables, so scoring a row is a
 * branchy walk with no allocation.
 */
import type { Dataset, Predictor, TreeEnsemble } from './types.ts';

interface CompiledEnsemble {
  readonly nFeatures: number;
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  /** Categorical nodes: start of their table in categoryBits; -1 for numeric nodes and leaves. */
  readonly categoryTable: Int32Array;
  /** categoryBits[table + localIndex(code)] = 1 when the code goes left. */
  readonly categoryBits: Uint8Array;
  /** Per feature: code -> local index, -1 for codes the model does not know. */
  readonly codeIndex: readonly (Int32Array | null)[];
  /** Per feature: whether an unknown code follows missingLeft (true when training domains are known). */
  readonly unknownIsMissing: Uint8Array;
  readonly baseScore: number;
  readonly scale: number;
  readonly logit: boolean;
}

const compiledCache = new WeakMap<TreeEnsemble, CompiledEnsemble>();

function compiled(model: TreeEnsemble): CompiledEnsemble {
  let c = compiledCache.get(model);
  if (!c) {
    c = compile(model);
    compiledCache.set(model, c);
  }
  return c;
}

function compile(model: TreeEnsemble): CompiledEnsemble {
  const nFeatures = model.featureNames.length;
  const codeLists = model.featureNames.map((_, f) => knownCodes(model, f));
  const codeIndex = codeLists.map((codes) => {
    if (!codes) return null;
    const table = new Int32Array(codes.length === 0 ? 0 : codes[codes.length - 1]! + 1).fill(-1);
    codes.forEach((code, k) => {
      table[code] = k;
    });
    return table;
  });
  let total = 0;
  for (const tree of model.trees) total += tree.feature.length;
  const roots = new Int32Array(model.trees.length);
  const feature = new Int32Array(total);
  const threshold = new Float64Array(total);
  const missingLeft = new Uint8Array(total);
  const left = new Int32Array(total);
  const right = new Int32Array(total);
  const value = new Float64Array(total);
  const categoryTable = new Int32Array(total).fill(-1);
  const bits: number[] = [];
  let base = 0;
  model.trees.forEach((tree, t) => {
    roots[t] = base;
    for (let i = 0; i < tree.feature.length; i++) {
      const g = base + i;
      const f = tree.feature[i]!;
      feature[g] = f;
      threshold[g] = tree.threshold[i]!;
      missingLeft[g] = tree.missingLeft[i]!;
      left[g] = base + tree.left[i]!;
      right[g] = base + tree.right[i]!;
      value[g] = tree.value[i]!;
      const codes = f >= 0 ? codeLists[f] : null;
      if (codes) {
        categoryTable[g] = bits.length;
        const table = codeIndex[f]!;
        const start = bits.length;
        for (let k = 0; k < codes.length; k++) bits.push(0);
        for (const code of tree.leftCategories[i]!) bits[start + table[code]!] = 1;
      }
    }
    base += tree.feature.length;
  });
  return {
    nFeatures,
    roots,
    feature,
    threshold,
    missingLeft,
    left,
    right,
    value,
    categoryTable,
    categoryBits: Uint8Array.from(bits),
    codeIndex,
    unknownIsMissing: Uint8Array.from(model.featureNames, (_, f) => (model.categoryDomains?.[f] ? 1 : 0)),
    baseScore: model.baseScore,
    scale: model.scale,
    logit: model.link === 'logit',
  };
}

/** Codes a categorical feature can route: the training domain plus every code a split names. */
function knownCodes(model: TreeEnsemble, f: number): number[] | null {
  if (!model.categorical[f]) return null;
  const codes = new Set<number>(model.categoryDomains?.[f] ?? []);
  for (const tree of model.trees) {
    for (let i = 0; i < tree.feature.length; i++) {
      if (tree.feature[i] === f) for (const code of tree.leftCategories[i]!) codes.add(code);
    }
  }
  return [...codes].sort((x, y) => x - y);
}

function marginOf(c: CompiledEnsemble, row: ArrayLike<number>): number {
  const { roots, feature, threshold, missingLeft, left, right, value, categoryTable, categoryBits } = c;
  let sum = 0;
  for (let t = 0; t < roots.length; t++) {
    let i = roots[t]!;
    let f = feature[i]!;
    while (f >= 0) {
      const x = row[f]!;
      let goLeft: boolean;
      const table = categoryTable[i]!;
      if (table < 0) {
        goLeft = x <= threshold[i]! || (Number.isNaN(x) && missingLeft[i] === 1);
      } else {
        const index = c.codeIndex[f]!;
        const local = x >= 0 && x < index.length && Number.isInteger(x) ? index[x]! : -1;
        if (local >= 0) goLeft = categoryBits[table + local] === 1;
        else goLeft = (Number.isNaN(x) || c.unknownIsMissing[f] === 1) && missingLeft[i] === 1;
      }
      i = goLeft ? left[i]! : right[i]!;
      f = feature[i]!;
    }
    sum += value[i]!;
  }
  return c.baseScore + c.scale * sum;
}

function applyLink(c: CompiledEnsemble, margin: number): number {
  return c.logit ? 1 / (1 + Math.exp(-margin)) : margin;
}

/** Raw output (margin) of the ensemble for one dense row in featureNames order. */
export function ensembleOutput(model: TreeEnsemble, row: ArrayLike<number>): number {
  return marginOf(compiled(model), row);
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
  const margins = (data: Dataset): Float64Array => {
    const columns = model.featureNames.map((name) => {
      const j = data.featureNames.indexOf(name);
      if (j < 0) throw new Error(`predict: the dataset has no feature "${name}" the model was trained on`);
      return data.columns[j]!;
    });
    const out = new Float64Array(data.nRows);
    const row = new Float64Array(c.nFeatures);
    for (let r = 0; r < data.nRows; r++) {
      for (let f = 0; f < columns.length; f++) row[f] = columns[f]![r]!;
      out[r] = marginOf(c, row);
    }
    return out;
  };
  return {
    predictRow(row) {
      checkRow(row);
      return applyLink(c, marginOf(c, row));
    },
    marginRow(row) {
      checkRow(row);
      return marginOf(c, row);
    },
    margins,
    predict(data) {
      const out = margins(data);
      if (c.logit) for (let r = 0; r < out.length; r++) out[r] = 1 / (1 + Math.exp(-out[r]!));
      return out;
    },
  };
}
