/**
 * Gradient-boosted histogram trees: logistic loss for binary classification, squared error for
 * regression, leaf-wise trees with sibling subtraction, early stopping on held-out rows keeping
 * the best iteration. Defaults follow scikit-learn's HistGradientBoosting.
 */
import { addBinnedTreeOutput, toFlatTree } from './binned-tree.ts';
import { applyBinner, type BinnedDataset, binDataset, categoryDomains, isBinnedDataset } from './binning.ts';
import { type GrowParams, TreeGrower } from './grow-tree.ts';
import { HistogramLayout, toRowMajor } from './histogram.ts';
import { holdoutSplit, sampleInto } from './holdout.ts';
import { logisticLoss, squaredLoss } from './loss.ts';
import {
  type BoostingParams,
  boostingParamsSchema,
  parseParams,
  type ResolvedBoostingParams,
} from './params.ts';
import { deriveSeed, Rng } from './rng.ts';
import { readTargets } from './targets.ts';
import type { Dataset, FlatTree, TreeEnsemble } from './types.ts';
import { HistogramKernel } from './wasm/histogram-kernel.ts';

/** Rows used only to decide when to stop (scored every iteration, never trained on). */
export interface ValidationSet {
  readonly data: Dataset | BinnedDataset;
  readonly y: ArrayLike<number>;
}

export interface BoostingInput extends BoostingParams {
  /** Explicit early-stopping rows; when given, early stopping is on unless earlyStopping is false. */
  validation?: ValidationSet;
  /** Called after each boosting round with the rounds grown and the most there can be (maxIter). */
  onRound?: (done: number, max: number) => void;
  /**
   * Histogram kernel: 'wasm' (default) where the data fits its memory, else the JavaScript one.
   * Both give the same trees; 'js' exists so tests can check that.
   */
  kernel?: 'wasm' | 'js';
}

export interface BoostingResult {
  readonly model: TreeEnsemble;
  /** Trees grown before stopping (the model keeps the first bestIteration of them). */
  readonly iterations: number;
  readonly bestIteration: number;
  /** Validation loss before the first tree and after each one; empty without early stopping. */
  readonly validationLoss: readonly number[];
  readonly stoppedEarly: boolean;
}

export function trainBoosting(
  data: Dataset | BinnedDataset,
  y: ArrayLike<number>,
  params: BoostingInput = {},
): TreeEnsemble {
  return trainBoostingDetailed(data, y, params).model;
}

interface EvaluationRows {
  readonly codes: readonly Uint8Array[];
  readonly rows: Uint32Array;
  readonly y: Float64Array;
  readonly raw: Float64Array;
}

export function trainBoostingDetailed(
  data: Dataset | BinnedDataset,
  y: ArrayLike<number>,
  params: BoostingInput = {},
): BoostingResult {
  const { validation, onRound, kernel: kernelChoice, ...rest } = params;
  const p = parseParams(boostingParamsSchema, rest, 'trainBoosting');
  const binned = isBinnedDataset(data) ? data : binDataset(data, p.binning);
  const targets = readTargets(y, binned.nRows, p.task, 'trainBoosting');
  const loss = p.task === 'classification' ? logisticLoss : squaredLoss;
  const earlyStopping =
    p.earlyStopping === 'auto' ? validation !== undefined || binned.nRows > 10_000 : p.earlyStopping;
  const all = Uint32Array.from({ length: binned.nRows }, (_, i) => i);
  const split =
    earlyStopping && !validation
      ? holdoutSplit(targets, p.validationFraction, p.task === 'classification', deriveSeed(p.seed, 0))
      : null;
  const trainRows = split ? split.train : all;
  const baseScore = loss.initialRaw(targets, trainRows);
  const raw = new Float64Array(binned.nRows).fill(baseScore);
  const evaluation = !earlyStopping
    ? null
    : split
      ? { codes: binned.codes, rows: split.validation, y: targets, raw }
      : externalValidation(validation!, binned, p, baseScore);

  const n = binned.nRows;
  const nBins = binned.binner.features.map((f) => f.nBins);
  const kernel =
    kernelChoice === 'js'
      ? null
      : HistogramKernel.create({
          nRows: n,
          nFeatures: nBins.length,
          nBins,
          maxRows: trainRows.length,
          maxHistograms: liveHistogramBound(p),
        });
  const layout = kernel?.layout ?? new HistogramLayout(nBins);
  const codes = kernel
    ? { rowMajor: toRowMajor(binned.codes, n, kernel.rowCodes), columns: binned.codes, kernel }
    : { rowMajor: toRowMajor(binned.codes, n), columns: binned.codes };
  const grower = new TreeGrower(
    codes,
    binned.binner.categorical,
    layout,
    trainRows.length,
    growParams(p, layout.nFeatures),
  );
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const rows = kernel?.rows ?? new Uint32Array(trainRows.length);
  const subsampleRng = new Rng(deriveSeed(p.seed, 1));
  const subsampleSize = Math.max(1, Math.round(p.subsample * trainRows.length));
  const trees: FlatTree[] = [];
  const validationLoss = evaluation ? [loss.meanLoss(evaluation.y, evaluation.raw, evaluation.rows)] : [];
  let best = { iteration: 0, loss: validationLoss[0] ?? Number.POSITIVE_INFINITY };
  let stoppedEarly = false;

  for (let it = 0; it < p.maxIter; it++) {
    loss.gradients(targets, raw, trainRows, a, b);
    const m =
      p.subsample < 1 ? sampleInto(trainRows, subsampleSize, subsampleRng, rows) : copyInto(trainRows, rows);
    const tree = grower.grow(rows, m, { a, b, c: null }, null);
    addLeafOutputs(tree.feature, tree.value, tree.rowStart, tree.rowEnd, rows, p.learningRate, raw);
    if (m < trainRows.length) {
      const unsampled = complement(trainRows, rows, m);
      addBinnedTreeOutput(tree, binned.codes, unsampled, unsampled.length, p.learningRate, raw);
    }
    trees.push(toFlatTree(tree, binned.binner));
    onRound?.(it + 1, p.maxIter);
    if (evaluation) {
      const { codes, rows: evalRows } = evaluation;
      addBinnedTreeOutput(tree, codes, evalRows, evalRows.length, p.learningRate, evaluation.raw);
      const current = loss.meanLoss(evaluation.y, evaluation.raw, evaluation.rows);
      validationLoss.push(current);
      if (current < best.loss - p.tol) best = { iteration: it + 1, loss: current };
      else if (it + 1 - best.iteration >= p.patience) {
        stoppedEarly = true;
        break;
      }
    }
    // Without subsampling, a tree that cannot split changes nothing, and neither would any after it.
    if (tree.nodeCount === 1 && m === trainRows.length) break;
  }
  const kept = evaluation ? best.iteration : trees.length;
  const model: TreeEnsemble = {
    kind: 'boosting',
    task: p.task,
    link: p.task === 'classification' ? 'logit' : 'identity',
    baseScore,
    scale: p.learningRate,
    trees: trees.slice(0, kept),
    featureNames: [...binned.binner.featureNames],
    categorical: [...binned.binner.categorical],
    categoryDomains: categoryDomains(binned.binner),
  };
  return { model, iterations: trees.length, bestIteration: kept, validationLoss, stoppedEarly };
}

/**
 * Most histograms a tree holds at once: one per open node that can split, plus the child being
 * built. Leaf-wise, open nodes are at most the leaves; depth-first, at most two per level.
 */
function liveHistogramBound(p: ResolvedBoostingParams): number {
  if (Number.isFinite(p.maxLeaves)) return p.maxLeaves + 2;
  if (Number.isFinite(p.maxDepth)) return 2 * p.maxDepth + 2;
  return Number.POSITIVE_INFINITY;
}

function growParams(p: ResolvedBoostingParams, nFeatures: number): GrowParams {
  return {
    maxDepth: p.maxDepth,
    maxLeaves: p.maxLeaves,
    minSamplesSplit: 2,
    minGain: p.minGainToSplit,
    featuresPerSplit: nFeatures,
    stopWhenPure: false,
    keepRoutes: true,
    l2: p.l2,
    minChildCount: p.minSamplesLeaf,
    minChildHessian: p.minHessianLeaf,
    maxCategoriesLeft: p.categoricalSplit.maxCategoriesLeft ?? 64,
    minRowsPerCategory: p.categoricalSplit.minRowsPerCategory ?? 10,
    categorySmoothing: p.categoricalSplit.smoothing ?? 10,
  };
}

function externalValidation(
  validation: ValidationSet,
  binned: BinnedDataset,
  p: ResolvedBoostingParams,
  baseScore: number,
): EvaluationRows {
  const data = validation.data;
  if (isBinnedDataset(data) && data.binner !== binned.binner) {
    throw new Error(
      'trainBoosting: validation.data was binned with another binner; pass the raw Dataset instead',
    );
  }
  const validationBinned = isBinnedDataset(data) ? data : applyBinner(binned.binner, data);
  const y = readTargets(validation.y, validationBinned.nRows, p.task, 'trainBoosting validation');
  const rows = Uint32Array.from({ length: validationBinned.nRows }, (_, i) => i);
  return { codes: validationBinned.codes, rows, y, raw: new Float64Array(rows.length).fill(baseScore) };
}

function addLeafOutputs(
  feature: Int32Array,
  value: Float64Array,
  rowStart: Int32Array,
  rowEnd: Int32Array,
  rows: Uint32Array,
  scale: number,
  raw: Float64Array,
): void {
  for (let node = 0; node < feature.length; node++) {
    if (feature[node]! >= 0) continue;
    const delta = scale * value[node]!;
    for (let i = rowStart[node]!; i < rowEnd[node]!; i++) raw[rows[i]!]! += delta;
  }
}

function copyInto(from: Uint32Array, to: Uint32Array): number {
  to.set(from);
  return from.length;
}

/** Entries of sorted `all` not among the first m entries of `sampled` (which the grower reordered). */
function complement(all: Uint32Array, sampled: Uint32Array, m: number): Uint32Array {
  const taken = sampled.slice(0, m).sort();
  const out = new Uint32Array(all.length - m);
  let k = 0;
  let j = 0;
  for (let i = 0; i < all.length; i++) {
    const r = all[i]!;
    while (j < m && taken[j]! < r) j++;
    if (j < m && taken[j] === r) continue;
    out[k++] = r;
  }
  return out;
}
