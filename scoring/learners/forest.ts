/**
 * Random forest (Breiman): bootstrap per tree, features drawn per split, trees grown on
 * histograms. The prediction is the mean of the trees' leaf values, i.e. averaged leaf class
 * frequencies for classification (not a vote share) and averaged leaf means for regression.
 */
import { Worker } from 'node:worker_threads';
import { type BinnedDataset, binDataset, categoryDomains, isBinnedDataset } from './binning.ts';
import { type ForestJob, growForestTrees } from './forest-trees.ts';
import type { GrowParams } from './grow-tree.ts';
import { toRowMajor } from './histogram.ts';
import {
  type ForestParams,
  forestParamsSchema,
  parseParams,
  type ResolvedForestParams,
  resolveMaxFeatures,
} from './params.ts';
import { readTargets } from './targets.ts';
import { type PackedTree, unpackTree } from './tree-transfer.ts';
import type { Dataset, FlatTree, TreeEnsemble } from './types.ts';

/** Trains a forest; with `threads` > 1 trees are grown in worker threads (same model either way). */
export async function trainForest(
  data: Dataset | BinnedDataset,
  y: ArrayLike<number>,
  params: ForestParams = {},
): Promise<TreeEnsemble> {
  const { job, resolved } = prepareForest(data, y, params);
  const threads = Math.min(resolved.threads, resolved.nTrees);
  const share = (thread: number) => range(resolved.nTrees).filter((t) => t % threads === thread);
  const workers = range(threads - 1).map((k) => runWorker(job, share(k + 1)));
  const mine = growForestTrees(job, share(0));
  const theirs = await Promise.all(workers);
  const trees: FlatTree[] = new Array(resolved.nTrees);
  share(0).forEach((t, k) => {
    trees[t] = mine[k]!;
  });
  theirs.forEach((packed, w) => {
    share(w + 1).forEach((t, k) => {
      trees[t] = unpackTree(packed[k]!);
    });
  });
  return assembleForest(job, resolved, trees);
}

/**
 * Single-threaded training for callers that cannot await (params.threads is ignored); `onTree`
 * hears of each tree grown, with the number of trees there will be.
 */
export function trainForestSync(
  data: Dataset | BinnedDataset,
  y: ArrayLike<number>,
  params: ForestParams = {},
  onTree?: (done: number, total: number) => void,
): TreeEnsemble {
  const { job, resolved } = prepareForest(data, y, params);
  const trees = growForestTrees(
    job,
    range(resolved.nTrees),
    onTree && ((done) => onTree(done, resolved.nTrees)),
  );
  return assembleForest(job, resolved, trees);
}

function prepareForest(
  data: Dataset | BinnedDataset,
  y: ArrayLike<number>,
  params: ForestParams,
): { job: ForestJob; resolved: ResolvedForestParams } {
  const resolved = parseParams(forestParamsSchema, params, 'trainForest');
  const binned = isBinnedDataset(data) ? data : binDataset(data, resolved.binning);
  const targets = readTargets(y, binned.nRows, resolved.task, 'trainForest');
  const classification = resolved.task === 'classification';
  const nFeatures = binned.binner.features.length;
  const drawsPerTree = Math.max(1, Math.round(resolved.maxSamples * binned.nRows));
  const totalWeight = resolved.bootstrap ? drawsPerTree : binned.nRows;
  const grow: GrowParams = {
    maxDepth: resolved.maxDepth,
    maxLeaves: resolved.maxLeaves,
    minSamplesSplit: resolved.minSamplesSplit,
    // Our gain is the weighted squared-error decrease; scikit-learn's Gini decrease is twice it.
    minGain: (resolved.minImpurityDecrease * totalWeight) / (classification ? 2 : 1),
    featuresPerSplit: resolveMaxFeatures(resolved.maxFeatures, resolved.task, nFeatures),
    stopWhenPure: classification,
    keepRoutes: false,
    l2: 0,
    minChildCount: resolved.minSamplesLeaf,
    minChildHessian: 0,
    maxCategoriesLeft: resolved.categoricalSplit.maxCategoriesLeft ?? 64,
    minRowsPerCategory: resolved.categoricalSplit.minRowsPerCategory ?? 1,
    categorySmoothing: resolved.categoricalSplit.smoothing ?? 0,
  };
  const job: ForestJob = {
    nRows: binned.nRows,
    rowCodes: toRowMajor(binned.codes, binned.nRows),
    binner: binned.binner,
    y: targets,
    grow,
    bootstrap: resolved.bootstrap,
    drawsPerTree,
    seed: resolved.seed,
  };
  return { job, resolved };
}

function assembleForest(job: ForestJob, resolved: ResolvedForestParams, trees: FlatTree[]): TreeEnsemble {
  return {
    kind: 'forest',
    task: resolved.task,
    link: 'identity',
    baseScore: 0,
    scale: 1 / trees.length,
    trees,
    featureNames: [...job.binner.featureNames],
    categorical: [...job.binner.categorical],
    categoryDomains: categoryDomains(job.binner),
  };
}

function runWorker(job: ForestJob, treeIndices: number[]): Promise<PackedTree[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./forest-worker.ts', import.meta.url), {
      workerData: { job, treeIndices },
    });
    let result: PackedTree[] | null = null;
    worker.once('message', (message: PackedTree[]) => {
      result = message;
    });
    worker.once('error', (error) => reject(new Error(`trainForest worker failed: ${error.message}`)));
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`trainForest worker exited with code ${code} before sending its trees`));
    });
  });
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
