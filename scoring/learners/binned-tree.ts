/**
 * A tree as grown, in bin space, and its conversion to the raw-valued FlatTree the rest of
 * scorebridge reads. Boosting also walks the binned form to update validation and out-of-sample
 * predictions without touching raw features.
 */
import type { Binner } from './binning.ts';
import type { SplitChoice } from './split.ts';
import type { FlatTree } from './types.ts';

export interface BinnedTree {
  readonly nodeCount: number;
  readonly feature: Int32Array;
  /** Numeric splits: bins <= binThreshold go left; -1 for leaves and categorical splits. */
  readonly binThreshold: Int32Array;
  readonly missingLeft: Uint8Array;
  /** Categorical splits: the bins that go left (may include the missing bin); empty otherwise. */
  readonly leftBins: readonly (readonly number[])[];
  /** route[bin] = 1 when that bin goes left; null for leaves and when the grower did not keep routes. */
  readonly routes: readonly (Uint8Array | null)[];
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
  /** Rows of leaf i are rows[rowStart[i]..rowEnd[i]) in the row array the grower reordered. */
  readonly rowStart: Int32Array;
  readonly rowEnd: Int32Array;
}

/** Shared so that millions of numeric nodes do not each hold their own empty array. */
export const NO_CATEGORIES: readonly number[] = Object.freeze([]);

export class TreeBuilder {
  private readonly feature: number[] = [];
  private readonly binThreshold: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly leftBins: (readonly number[])[] = [];
  private readonly routes: (Uint8Array | null)[] = [];
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly value: number[] = [];
  private readonly cover: number[] = [];
  private readonly rowStart: number[] = [];
  private readonly rowEnd: number[] = [];

  addLeaf(value: number, cover: number, rowStart: number, rowEnd: number): number {
    const id = this.feature.length;
    this.feature.push(-1);
    this.binThreshold.push(-1);
    this.missingLeft.push(0);
    this.leftBins.push(NO_CATEGORIES);
    this.routes.push(null);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    this.cover.push(cover);
    this.rowStart.push(rowStart);
    this.rowEnd.push(rowEnd);
    return id;
  }

  setSplit(
    id: number,
    feature: number,
    choice: SplitChoice,
    missingLeft: number,
    route: Uint8Array | null,
    left: number,
    right: number,
  ): void {
    this.feature[id] = feature;
    this.binThreshold[id] = choice.categorical ? -1 : choice.binThreshold;
    this.missingLeft[id] = missingLeft;
    this.leftBins[id] = choice.categorical ? choice.leftBins : NO_CATEGORIES;
    this.routes[id] = route;
    this.left[id] = left;
    this.right[id] = right;
  }

  /** Inner node values become the cover-weighted mean of their children (what TreeSHAP expects). */
  finish(): BinnedTree {
    const n = this.feature.length;
    const value = Float64Array.from(this.value);
    const cover = Float64Array.from(this.cover);
    // Children always have larger ids than their parent, so a reverse sweep is bottom-up.
    for (let i = n - 1; i >= 0; i--) {
      if (this.feature[i]! < 0) continue;
      const l = this.left[i]!;
      const r = this.right[i]!;
      const w = cover[l]! + cover[r]!;
      value[i] = w > 0 ? (cover[l]! * value[l]! + cover[r]! * value[r]!) / w : value[i]!;
    }
    return {
      nodeCount: n,
      feature: Int32Array.from(this.feature),
      binThreshold: Int32Array.from(this.binThreshold),
      missingLeft: Uint8Array.from(this.missingLeft),
      leftBins: this.leftBins,
      routes: this.routes,
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value,
      cover,
      rowStart: Int32Array.from(this.rowStart),
      rowEnd: Int32Array.from(this.rowEnd),
    };
  }
}

/** Raw thresholds (bin upper edges) and category codes, so the tree predicts unbinned rows. */
export function toFlatTree(tree: BinnedTree, binner: Binner): FlatTree {
  const n = tree.nodeCount;
  const threshold = new Float64Array(n);
  const leftCategories: (readonly number[])[] = new Array(n).fill(NO_CATEGORIES);
  for (let i = 0; i < n; i++) {
    const f = tree.feature[i]!;
    if (f < 0) continue;
    const bins = binner.features[f]!;
    if (bins.kind === 'numeric') {
      threshold[i] = bins.upperEdges[tree.binThreshold[i]!]!;
    } else {
      const codes: number[] = [];
      for (const bin of tree.leftBins[i]!) {
        if (bin < bins.nBins) for (const code of bins.binCategories[bin] ?? []) codes.push(code);
      }
      leftCategories[i] = codes.sort((x, y) => x - y);
    }
  }
  return {
    feature: tree.feature,
    threshold,
    missingLeft: tree.missingLeft,
    leftCategories,
    left: tree.left,
    right: tree.right,
    value: tree.value,
    cover: tree.cover,
  };
}

/** out[r] += scale * leaf value of row r, for r in rows[0..n), walking the tree on bin codes. */
export function addBinnedTreeOutput(
  tree: BinnedTree,
  codes: readonly Uint8Array[],
  rows: Uint32Array,
  n: number,
  scale: number,
  out: Float64Array,
): void {
  const { feature, routes, left, right, value } = tree;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const route = routes[node];
      if (!route) throw new Error('addBinnedTreeOutput: the tree was grown without route tables');
      node = route[codes[f]![r]!] === 1 ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    out[r]! += scale * value[node]!;
  }
}
