import type { PreparedTree } from './prepared-tree.ts';
import { routesLeft } from './routing.ts';
import { allocatePath, extendPath, unwoundPathSum } from './treeshap-path.ts';

/**
 * Leaf-pattern tables for TreeSHAP (the precomputation of Fast TreeSHAP v2, Yang 2021).
 *
 * In Algorithm 2 a leaf's contribution depends on the row only through which of the unique
 * features on its root path the row satisfies (every one-fraction is 0 or 1). So each leaf's
 * Algorithm 2 result (EXTEND over its path, then the unwound sum per feature) is computed once per
 * pattern of satisfied features, and explaining a row becomes one pass over the nodes that tracks
 * the pattern as a bit mask and adds the stored values at each leaf: O(leaves x depth) per row
 * instead of O(leaves x depth^2), at the cost of 2^d x d numbers per leaf with d unique features.
 */
export interface PatternTable {
  readonly prepared: PreparedTree;
  /** Inner nodes: bit of the split feature among the unique features on the node's root path. */
  readonly bit: Int32Array;
  /** Inner nodes: 1 when this is the first split on that feature along the root path. */
  readonly firstOnPath: Uint8Array;
  /** Leaves: start of the leaf's block in `contributions` (2^d patterns x d features). */
  readonly leafTableStart: Int32Array;
  /** Leaves: start of the leaf's unique features in `leafFeatures`; d = leafFeatureCount. */
  readonly leafFeatureStart: Int32Array;
  readonly leafFeatureCount: Int32Array;
  readonly leafFeatures: Int32Array;
  readonly contributions: Float64Array;
  /** 1 for inner nodes splitting a numeric feature, where a present value goes left when x <= threshold. */
  readonly numericSplit: Uint8Array;
  /** Traversal scratch: depth-first stack of (node, pattern). */
  readonly stackNodes: Int32Array;
  readonly stackPatterns: Int32Array;
}

/** More unique features on one path than this always use the recursive algorithm. */
const maxPatternBits = 16;

/** Numbers the table for this tree would hold, or Infinity when a path is too diverse to tabulate. */
export function patternTableSize(prepared: PreparedTree): number {
  const { tree } = prepared;
  let size = 0;
  const visit = (node: number, unique: readonly number[]): void => {
    const feature = tree.feature[node]!;
    if (feature === -1) {
      size += unique.length > maxPatternBits ? Number.POSITIVE_INFINITY : 2 ** unique.length * unique.length;
      return;
    }
    const next = unique.includes(feature) ? unique : [...unique, feature];
    visit(tree.left[node]!, next);
    visit(tree.right[node]!, next);
  };
  visit(0, []);
  return size;
}

/** Build the table; call only when patternTableSize is finite. */
export function buildPatternTable(prepared: PreparedTree, size: number): PatternTable {
  const { tree, leftFraction } = prepared;
  const n = tree.feature.length;
  const table: PatternTable = {
    prepared,
    bit: new Int32Array(n),
    firstOnPath: new Uint8Array(n),
    leafTableStart: new Int32Array(n),
    leafFeatureStart: new Int32Array(n),
    leafFeatureCount: new Int32Array(n),
    leafFeatures: new Int32Array(Math.max(countLeafFeatureSlots(prepared), 1)),
    contributions: new Float64Array(size),
    numericSplit: Uint8Array.from(tree.feature, (feature) =>
      feature >= 0 && !prepared.routing.categorical[feature] ? 1 : 0,
    ),
    stackNodes: new Int32Array(n + 1),
    stackPatterns: new Int32Array(n + 1),
  };
  let tableEnd = 0;
  let featureEnd = 0;
  const visit = (node: number, unique: readonly number[], zeros: readonly number[]): void => {
    const feature = tree.feature[node]!;
    if (feature === -1) {
      table.leafTableStart[node] = tableEnd;
      table.leafFeatureStart[node] = featureEnd;
      table.leafFeatureCount[node] = unique.length;
      table.leafFeatures.set(unique, featureEnd);
      fillLeafPatterns(table.contributions, tableEnd, zeros, tree.value[node]!);
      tableEnd += 2 ** unique.length * unique.length;
      featureEnd += unique.length;
      return;
    }
    const seenAt = unique.indexOf(feature);
    const bit = seenAt === -1 ? unique.length : seenAt;
    table.bit[node] = bit;
    table.firstOnPath[node] = seenAt === -1 ? 1 : 0;
    const nextUnique = seenAt === -1 ? [...unique, feature] : unique;
    const incoming = seenAt === -1 ? 1 : zeros[seenAt]!;
    const withShare = (share: number): number[] => {
      const next = seenAt === -1 ? [...zeros, 0] : [...zeros];
      next[bit] = incoming * share;
      return next;
    };
    visit(tree.left[node]!, nextUnique, withShare(leftFraction[node]!));
    visit(tree.right[node]!, nextUnique, withShare(1 - leftFraction[node]!));
  };
  visit(0, [], []);
  return table;
}

function countLeafFeatureSlots(prepared: PreparedTree): number {
  const { tree } = prepared;
  let slots = 0;
  const visit = (node: number, unique: readonly number[]): void => {
    const feature = tree.feature[node]!;
    if (feature === -1) {
      slots += unique.length;
      return;
    }
    const next = unique.includes(feature) ? unique : [...unique, feature];
    visit(tree.left[node]!, next);
    visit(tree.right[node]!, next);
  };
  visit(0, []);
  return slots;
}

/** Algorithm 2's leaf step for every pattern: out[start + pattern*d + j] for path feature j. */
function fillLeafPatterns(
  out: Float64Array,
  start: number,
  zeros: readonly number[],
  leafValue: number,
): void {
  const d = zeros.length;
  const path = allocatePath(d);
  for (let pattern = 0; pattern < 2 ** d; pattern++) {
    // A feature the row fails whose branch had no cover closes every path to this leaf: it adds 0.
    const blocked = zeros.some((zero, j) => zero === 0 && ((pattern >> j) & 1) === 0);
    if (blocked) continue;
    extendPath(path, 0, 0, 1, 1, -1);
    zeros.forEach((zero, j) => {
      extendPath(path, 0, j + 1, zero, (pattern >> j) & 1, j);
    });
    for (let j = 0; j < d; j++) {
      const weight = unwoundPathSum(path, 0, d, j + 1);
      out[start + pattern * d + j] = weight * (((pattern >> j) & 1) - zeros[j]!) * leafValue;
    }
  }
}

/**
 * Add one tree's unscaled SHAP values into phi[phiOffset ..] for the row stored at x[xOffset ..]
 * (offsets let a batch walk row-major blocks without a view object per row).
 */
export function accumulateTreePatterns(
  table: PatternTable,
  x: ArrayLike<number>,
  xOffset: number,
  phi: Float64Array,
  phiOffset: number,
): void {
  const { tree, routing } = table.prepared;
  const { feature, left, right, threshold } = tree;
  const { numericSplit, stackNodes, stackPatterns, contributions, leafFeatures } = table;
  let top = 0;
  stackNodes[0] = 0;
  stackPatterns[0] = 0;
  while (top >= 0) {
    const node = stackNodes[top]!;
    const pattern = stackPatterns[top]!;
    top--;
    const split = feature[node]!;
    if (split === -1) {
      const d = table.leafFeatureCount[node]!;
      const base = table.leafTableStart[node]! + pattern * d;
      const featureStart = table.leafFeatureStart[node]!;
      for (let j = 0; j < d; j++)
        phi[phiOffset + leafFeatures[featureStart + j]!]! += contributions[base + j]!;
      continue;
    }
    const mask = 1 << table.bit[node]!;
    const satisfied = table.firstOnPath[node] === 1 ? pattern | mask : pattern;
    const failed = pattern & ~mask;
    const value = x[xOffset + split]!;
    // Plain numeric splits inline their test; anything else goes through the shared routing.
    const goesLeft =
      numericSplit[node] === 1 && !Number.isNaN(value)
        ? value <= threshold[node]!
        : routesLeft(tree, node, value, routing);
    top++;
    stackNodes[top] = left[node]!;
    stackPatterns[top] = goesLeft ? satisfied : failed;
    top++;
    stackNodes[top] = right[node]!;
    stackPatterns[top] = goesLeft ? failed : satisfied;
  }
}
