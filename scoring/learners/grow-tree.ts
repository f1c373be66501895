/**
 * Grows one histogram tree on binned columns.
 *
 * Two regimes share the code:
 * - all features per split (boosting, regression forests): every open node keeps a histogram of
 *   all features; when it splits, only the smaller child is built from its rows and the larger is
 *   the parent minus the smaller (sibling subtraction).
 * - sampled features per split (classification forests): each node builds histograms only for
 *   the features it draws, which is cheaper than subtraction when mtry is much smaller than p.
 * With a finite maxLeaves the best-gain open node splits first (leaf-wise, as LightGBM and
 * scikit-learn's HistGradientBoosting); otherwise nodes split depth-first until they are pure or
 * a limit is hit.
 */
import { type BinnedTree, TreeBuilder } from './binned-tree.ts';
import {
  accumulateAllFeatures,
  accumulateFeatures,
  type Histogram,
  type HistogramLayout,
  HistogramPool,
  subtractInPlace,
} from './histogram.ts';
import type { Rng } from './rng.ts';
import {
  findCategoricalSplit,
  findNumericSplit,
  type NodeTotals,
  routeTable,
  SplitChoice,
  type SplitConstraints,
} from './split.ts';
import type { HistogramKernel } from './wasm/histogram-kernel.ts';

export interface GrowParams extends SplitConstraints {
  readonly maxDepth: number;
  readonly maxLeaves: number;
  /** Minimum C at a node for it to be split. */
  readonly minSamplesSplit: number;
  /** A split must gain more than this. */
  readonly minGain: number;
  /** Features drawn per split; >= number of features means all (and enables subtraction). */
  readonly featuresPerSplit: number;
  /** Stop at nodes whose A is 0 or equals B: a pure node for a 0/1 target with A = w*y, B = w. */
  readonly stopWhenPure: boolean;
  /** Keep each split's bin route table in the BinnedTree (boosting walks binned rows with it). */
  readonly keepRoutes: boolean;
}

/** The bin codes a grower reads, and optionally the WebAssembly kernel that builds its histograms. */
export interface GrowerCodes {
  /** Row-major (see histogram.ts toRowMajor); the kernel's own rowCodes when a kernel is given. */
  readonly rowMajor: Uint8Array;
  /** Feature-major codes, when available: partitioning a node reads one feature of scattered rows. */
  readonly columns?: readonly Uint8Array[];
  /** Builds all-feature histograms (subtraction regime, c null); grow() then takes kernel.rows. */
  readonly kernel?: HistogramKernel;
}

/** Per-row inputs of the three histogram sums (see histogram.ts); c null = 1 per row. */
export interface GrowTargets {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array | null;
}

class NodeTask {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  hist: Histogram | null = null;
  split: SplitChoice | null = null;

  constructor(id: number, start: number, end: number, depth: number, a: number, b: number, c: number) {
    this.id = id;
    this.start = start;
    this.end = end;
    this.depth = depth;
    this.a = a;
    this.b = b;
    this.c = c;
  }
}

export class TreeGrower {
  private readonly rowCodes: Uint8Array;
  private readonly columns: readonly Uint8Array[] | null;
  private readonly kernel: HistogramKernel | null;
  private readonly nFeatures: number;
  private readonly categorical: readonly boolean[];
  private readonly layout: HistogramLayout;
  private readonly params: GrowParams;
  private readonly pool: HistogramPool;
  private readonly scratch: Uint32Array;
  private readonly route = new Uint8Array(256);
  private readonly featureOrder: Int32Array;
  private readonly drawnFeatures: Int32Array;
  private readonly ones: Float64Array;
  private readonly useSubtraction: boolean;
  private rows: Uint32Array = new Uint32Array(0);
  private targets: GrowTargets | null = null;
  private rng: Rng | null = null;
  private builder = new TreeBuilder();

  /** maxRows bounds the rows of any tree; with a kernel, `layout` must be kernel.layout. */
  constructor(
    codes: GrowerCodes,
    categorical: readonly boolean[],
    layout: HistogramLayout,
    maxRows: number,
    params: GrowParams,
  ) {
    this.rowCodes = codes.rowMajor;
    this.columns = codes.columns ?? null;
    this.kernel = codes.kernel ?? null;
    this.nFeatures = layout.nFeatures;
    this.categorical = categorical;
    this.layout = layout;
    this.params = params;
    const kernel = this.kernel;
    if (kernel && (kernel.layout !== layout || params.featuresPerSplit < layout.nFeatures)) {
      throw new Error('TreeGrower: the histogram kernel needs its own layout and all features per split');
    }
    this.pool = new HistogramPool(layout, kernel ? () => kernel.newHistogram() : undefined);
    this.scratch = new Uint32Array(maxRows);
    this.featureOrder = Int32Array.from({ length: layout.nFeatures }, (_, j) => j);
    this.drawnFeatures = new Int32Array(layout.nFeatures);
    this.useSubtraction = params.featuresPerSplit >= layout.nFeatures;
    this.ones = this.useSubtraction ? new Float64Array(0) : new Float64Array(maxRows).fill(1);
  }

  /**
   * Grows a tree on rows[0..nRows), reordering that prefix of `rows` in place so that every
   * leaf's rows are contiguous (BinnedTree.rowStart/rowEnd). `rng` is needed only when features
   * are sampled.
   */
  grow(rows: Uint32Array, nRows: number, targets: GrowTargets, rng: Rng | null): BinnedTree {
    if (!this.useSubtraction && rng === null) throw new Error('TreeGrower: feature sampling needs an rng');
    if (this.kernel && (rows !== this.kernel.rows || targets.c !== null)) {
      throw new Error('TreeGrower: with a histogram kernel, grow on kernel.rows with a count of 1 per row');
    }
    this.rows = rows;
    this.targets = targets;
    this.rng = rng;
    this.builder = new TreeBuilder();
    // Feature draws depend only on this tree's rng, never on trees grown before it by this grower.
    for (let j = 0; j < this.featureOrder.length; j++) this.featureOrder[j] = j;
    let a = 0;
    let b = 0;
    let c = 0;
    for (let i = 0; i < nRows; i++) {
      const r = rows[i]!;
      a += targets.a[r]!;
      b += targets.b[r]!;
      c += targets.c ? targets.c[r]! : 1;
    }
    this.kernel?.loadTargets(nRows, targets.a, targets.b);
    const root = this.createNode(0, nRows, 0, a, b, c);
    if (this.useSubtraction && this.canSplit(root)) {
      root.hist = this.pool.acquire();
      this.buildAllFeatures(root);
    }
    this.evaluate(root);
    const bestFirst = Number.isFinite(this.params.maxLeaves);
    const open: NodeTask[] = root.split ? [root] : [];
    let leaves = 1;
    while (open.length > 0) {
      const task = bestFirst ? takeBest(open) : open.pop()!;
      if (leaves >= this.params.maxLeaves) {
        this.releaseHist(task);
        continue;
      }
      const [left, right] = this.splitNode(task);
      leaves++;
      this.evaluate(left);
      this.evaluate(right);
      // Right pushed first so the depth-first stack visits left subtrees first.
      if (right.split) open.push(right);
      if (left.split) open.push(left);
    }
    this.targets = null;
    this.rng = null;
    return this.builder.finish();
  }

  private createNode(start: number, end: number, depth: number, a: number, b: number, c: number): NodeTask {
    const id = this.builder.addLeaf(a / (b + this.params.l2), c, start, end);
    return new NodeTask(id, start, end, depth, a, b, c);
  }

  private canSplit(task: NodeTask): boolean {
    const p = this.params;
    if (task.depth >= p.maxDepth || task.end - task.start < 2) return false;
    if (task.c < p.minSamplesSplit || task.c < 2 * p.minChildCount) return false;
    return !(p.stopWhenPure && (task.a === 0 || task.a === task.b));
  }

  private releaseHist(task: NodeTask): void {
    if (task.hist) this.pool.release(task.hist);
    task.hist = null;
  }

  private evaluate(task: NodeTask): void {
    if (!this.canSplit(task)) {
      this.releaseHist(task);
      return;
    }
    const parentScore = (task.a * task.a) / (task.b + this.params.l2);
    const totals: NodeTotals = { a: task.a, b: task.b, c: task.c, parentScore };
    const choice = new SplitChoice();
    // The relative floor keeps rounding noise on a constant target from passing for a gain.
    choice.reset(Math.max(this.params.minGain, 1e-12 * parentScore));
    if (this.useSubtraction) {
      const hist = task.hist!;
      for (let j = 0; j < this.layout.nFeatures; j++) this.findSplit(hist, j, totals, choice);
    } else {
      this.evaluateSampled(task, totals, choice);
    }
    task.split = choice.feature >= 0 ? choice : null;
    if (!task.split) this.releaseHist(task);
  }

  /**
   * Draws features without replacement until featuresPerSplit non-constant ones were searched
   * (scikit-learn's rule), so deep nodes where most features are constant still find a split.
   * Features are drawn in batches, each built in one pass over the node's rows.
   */
  private evaluateSampled(task: NodeTask, totals: NodeTotals, choice: SplitChoice): void {
    const rng = this.rng!;
    const order = this.featureOrder;
    const batch = this.drawnFeatures;
    const p = order.length;
    const { a, b } = this.targets!;
    const c = this.targets!.c ?? this.ones;
    const hist = this.pool.acquire();
    let drawn = 0;
    let searched = 0;
    while (drawn < p && searched < this.params.featuresPerSplit) {
      const want = Math.min(this.params.featuresPerSplit - searched, p - drawn);
      for (let q = 0; q < want; q++, drawn++) {
        const pick = drawn + rng.nextInt(p - drawn);
        const feature = order[pick]!;
        order[pick] = order[drawn]!;
        order[drawn] = feature;
        batch[q] = feature;
      }
      const n = task.end - task.start;
      accumulateFeatures(hist, this.layout, this.rowCodes, batch, want, this.rows, task.start, n, a, b, c);
      for (let q = 0; q < want; q++) {
        const feature = batch[q]!;
        if (hist.lo[feature] === hist.hi[feature]) continue;
        searched++;
        this.findSplit(hist, feature, totals, choice);
      }
    }
    this.pool.release(hist);
  }

  private findSplit(hist: Histogram, feature: number, totals: NodeTotals, choice: SplitChoice): void {
    if (hist.lo[feature] === hist.hi[feature]) return;
    if (this.categorical[feature])
      findCategoricalSplit(hist, this.layout, feature, totals, this.params, choice);
    else findNumericSplit(hist, this.layout, feature, totals, this.params, choice);
  }

  private buildAllFeatures(task: NodeTask): void {
    const n = task.end - task.start;
    if (this.kernel) {
      this.kernel.accumulate(task.hist!, task.start, n);
      return;
    }
    const { a, b, c } = this.targets!;
    accumulateAllFeatures(task.hist!, this.layout, this.rowCodes, this.rows, task.start, n, a, b, c);
  }

  private splitNode(task: NodeTask): [NodeTask, NodeTask] {
    const choice = task.split!;
    const feature = choice.feature;
    const nBins = this.layout.nBins[feature]!;
    const route = this.route;
    routeTable(choice, nBins, task.c - choice.leftC, route);
    const nLeft = this.columns
      ? partitionByColumn(this.rows, this.scratch, task, this.columns[feature]!, route)
      : partition(this.rows, this.scratch, task, this.rowCodes, this.nFeatures, feature, route);
    const mid = task.start + nLeft;
    const depth = task.depth + 1;
    const left = this.createNode(task.start, mid, depth, choice.leftA, choice.leftB, choice.leftC);
    const right = this.createNode(
      mid,
      task.end,
      depth,
      task.a - choice.leftA,
      task.b - choice.leftB,
      task.c - choice.leftC,
    );
    const kept = this.params.keepRoutes ? route.slice(0, nBins + 1) : null;
    this.builder.setSplit(task.id, feature, choice, route[nBins]!, kept, left.id, right.id);
    task.split = null;
    if (this.useSubtraction) this.deriveChildHistograms(task, left, right);
    return [left, right];
  }

  private deriveChildHistograms(parent: NodeTask, left: NodeTask, right: NodeTask): void {
    if (!this.canSplit(left) && !this.canSplit(right)) {
      this.releaseHist(parent);
      return;
    }
    const leftSmaller = left.end - left.start <= right.end - right.start;
    const small = leftSmaller ? left : right;
    const large = leftSmaller ? right : left;
    small.hist = this.pool.acquire();
    this.buildAllFeatures(small);
    const parentHist = parent.hist!;
    subtractInPlace(parentHist, small.hist, this.layout);
    large.hist = parentHist;
    parent.hist = null;
  }
}

/** Highest gain first; ties go to the older node so the order is deterministic. */
function takeBest(open: NodeTask[]): NodeTask {
  let best = 0;
  for (let i = 1; i < open.length; i++) {
    const gi = open[i]!.split!.gain;
    const gb = open[best]!.split!.gain;
    if (gi > gb || (gi === gb && open[i]!.id < open[best]!.id)) best = i;
  }
  const [task] = open.splice(best, 1);
  return task!;
}

/** Stable in-place partition of rows[start..end) by route[bin]; returns how many went left. */
function partition(
  rows: Uint32Array,
  scratch: Uint32Array,
  task: NodeTask,
  rowCodes: Uint8Array,
  nFeatures: number,
  feature: number,
  route: Uint8Array,
): number {
  const { start, end } = task;
  let w = start;
  let s = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    if (route[rowCodes[r * nFeatures + feature]!] === 1) rows[w++] = r;
    else scratch[s++] = r;
  }
  rows.set(scratch.subarray(0, s), w);
  return w - start;
}

/**
 * partition() reading the split feature's own column: one byte per row instead of a row's cache
 * line. Branch-free (each row is written to both sides and one cursor moves) because a split's
 * left/right pattern is as unpredictable as the data.
 */
function partitionByColumn(
  rows: Uint32Array,
  scratch: Uint32Array,
  task: NodeTask,
  column: Uint8Array,
  route: Uint8Array,
): number {
  const { start, end } = task;
  let w = start;
  let s = 0;
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const left = route[column[r]!]!;
    // w <= i, so rows[w] was already read.
    rows[w] = r;
    scratch[s] = r;
    w += left;
    s += left ^ 1;
  }
  rows.set(scratch.subarray(0, s), w);
  return w - start;
}
