/**
 * Grows the trees of a random forest. Runs unchanged on the main thread and in workers: tree t
 * draws everything from its own stream deriveSeed(seed, t), so the forest does not depend on
 * which thread grew which tree.
 */
import { toFlatTree } from './binned-tree.ts';
import type { Binner } from './binning.ts';
import { type GrowParams, TreeGrower } from './grow-tree.ts';
import { HistogramLayout } from './histogram.ts';
import { deriveSeed, Rng } from './rng.ts';
import type { FlatTree } from './types.ts';

/** Everything a thread needs to grow forest trees; structured-clonable (codes stay shared). */
export interface ForestJob {
  readonly nRows: number;
  /** Bin codes, row-major (see histogram.ts toRowMajor). */
  readonly rowCodes: Uint8Array;
  readonly binner: Binner;
  readonly y: Float64Array;
  readonly grow: GrowParams;
  readonly bootstrap: boolean;
  /** Bootstrap draws per tree. */
  readonly drawsPerTree: number;
  readonly seed: number;
}

export function growForestTrees(
  job: ForestJob,
  treeIndices: readonly number[],
  /** Called after each tree with the trees grown so far. */
  onTree?: (done: number) => void,
): FlatTree[] {
  const n = job.nRows;
  const features = job.binner.features;
  const layout = new HistogramLayout(features.map((f) => f.nBins));
  const grower = new TreeGrower({ rowMajor: job.rowCodes }, job.binner.categorical, layout, n, job.grow);
  const weight = new Float64Array(n);
  const weightedY = new Float64Array(n);
  const rows = new Uint32Array(n);
  return treeIndices.map((t, done) => {
    const rng = new Rng(deriveSeed(job.seed, t));
    if (job.bootstrap) {
      weight.fill(0);
      for (let k = 0; k < job.drawsPerTree; k++) weight[rng.nextInt(n)]! += 1;
    } else {
      weight.fill(1);
    }
    let m = 0;
    for (let r = 0; r < n; r++) {
      const w = weight[r]!;
      weightedY[r] = w * job.y[r]!;
      if (w > 0) rows[m++] = r;
    }
    const tree = grower.grow(rows, m, { a: weightedY, b: weight, c: weight }, rng);
    const flat = toFlatTree(tree, job.binner);
    onTree?.(done + 1);
    return flat;
  });
}
