import type { FlatTree, TreeEnsemble } from '../learners/types.ts';
import { leftCoverFraction, type SplitRouting, splitRouting } from './routing.ts';

/** A validated tree with what TreeSHAP needs precomputed once, not per row. */
export interface PreparedTree {
  readonly tree: FlatTree;
  /** The ensemble's categorical routing, shared by all its trees. */
  readonly routing: SplitRouting;
  /** leftFraction[i]: share of inner node i's cover that went left (see leftCoverFraction). */
  readonly leftFraction: Float64Array;
  /** Edges on the longest root-to-leaf path. */
  readonly depth: number;
  /** Path-dependent expectation of the tree's output: leaf values weighted by cover shares. */
  readonly expectedValue: number;
}

/** Deeper trees would only come from corrupt input; this keeps recursion and buffers bounded. */
const maxSupportedDepth = 1000;

/**
 * Check a tree against the FlatTree contract and precompute cover shares, depth and expected value.
 * Errors name the tree and node so a corrupt serialized model can be traced back.
 */
export function prepareTree(tree: FlatTree, treeIndex: number, routing: SplitRouting): PreparedTree {
  const nFeatures = routing.categorical.length;
  const where = `tree ${treeIndex}`;
  const n = tree.feature.length;
  if (n === 0) throw new Error(`${where}: has no nodes; a fitted tree needs at least a root leaf`);
  const lengths = {
    threshold: tree.threshold.length,
    missingLeft: tree.missingLeft.length,
    leftCategories: tree.leftCategories.length,
    left: tree.left.length,
    right: tree.right.length,
    value: tree.value.length,
    cover: tree.cover.length,
  };
  for (const [name, length] of Object.entries(lengths)) {
    if (length !== n) throw new Error(`${where}: ${name} has ${length} entries but feature has ${n}`);
  }

  const leftFraction = new Float64Array(n);
  const depthOf = new Int32Array(n).fill(-1);
  depthOf[0] = 0;
  let depth = 0;
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const feature = tree.feature[node]!;
    if (feature === -1) {
      if (!Number.isFinite(tree.value[node]!))
        throw new Error(`${where} node ${node}: leaf value is not finite`);
      depth = Math.max(depth, depthOf[node]!);
      continue;
    }
    if (feature < 0 || feature >= nFeatures) {
      throw new Error(`${where} node ${node}: feature ${feature} is outside 0..${nFeatures - 1}`);
    }
    for (const child of [tree.left[node]!, tree.right[node]!]) {
      if (child <= 0 || child >= n)
        throw new Error(`${where} node ${node}: child ${child} is outside 1..${n - 1}`);
      if (depthOf[child] !== -1)
        throw new Error(`${where} node ${child}: reached twice; the nodes must form a tree`);
      const cover = tree.cover[child]!;
      if (!(cover >= 0) || !Number.isFinite(cover)) {
        throw new Error(`${where} node ${child}: cover ${cover} must be a finite number >= 0`);
      }
      depthOf[child] = depthOf[node]! + 1;
      if (depthOf[child]! > maxSupportedDepth)
        throw new Error(`${where}: deeper than ${maxSupportedDepth} levels`);
      stack.push(child);
    }
    leftFraction[node] = leftCoverFraction(tree, node);
  }
  return { tree, routing, leftFraction, depth, expectedValue: expectedValueOf(tree, leftFraction) };
}

function expectedValueOf(tree: FlatTree, leftFraction: Float64Array): number {
  const expectation = (node: number): number => {
    if (tree.feature[node] === -1) return tree.value[node]!;
    const share = leftFraction[node]!;
    return share * expectation(tree.left[node]!) + (1 - share) * expectation(tree.right[node]!);
  };
  return expectation(0);
}

/** Prepare every tree of an ensemble, checking the ensemble-level fields too. */
export function prepareEnsemble(ensemble: TreeEnsemble): PreparedTree[] {
  const nFeatures = ensemble.featureNames.length;
  if (!Number.isFinite(ensemble.baseScore))
    throw new Error(`ensemble: baseScore ${ensemble.baseScore} is not finite`);
  if (!Number.isFinite(ensemble.scale)) throw new Error(`ensemble: scale ${ensemble.scale} is not finite`);
  if (ensemble.categorical.length !== nFeatures) {
    throw new Error(
      `ensemble: categorical has ${ensemble.categorical.length} flags for ${nFeatures} features`,
    );
  }
  const routing = splitRouting(ensemble);
  return ensemble.trees.map((tree, index) => prepareTree(tree, index, routing));
}
