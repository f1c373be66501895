import type { PreparedTree } from './prepared-tree.ts';
import { routesLeft } from './routing.ts';
import { copyPath, extendPath, type PathBuffers, unwindPath, unwoundPathSum } from './treeshap-path.ts';

/** What the recursion reads, gathered in one object of fixed shape so V8 keeps it monomorphic. */
interface Walk {
  readonly tree: PreparedTree['tree'];
  readonly routing: PreparedTree['routing'];
  readonly leftFraction: Float64Array;
  readonly x: ArrayLike<number>;
  readonly xOffset: number;
  readonly phi: Float64Array;
  readonly phiOffset: number;
  readonly path: PathBuffers;
}

/**
 * Add one tree's unscaled SHAP values for the row at x[xOffset ..] into phi[phiOffset ..] with
 * Algorithm 2 of Lundberg et al. 2018:
 * one depth-first walk that carries the unique path, O(leaves x depth^2) per row.
 * `path` must come from allocatePath(prepared.depth) or deeper.
 */
export function accumulateTreeRecursive(
  prepared: PreparedTree,
  x: ArrayLike<number>,
  xOffset: number,
  phi: Float64Array,
  phiOffset: number,
  path: PathBuffers,
): void {
  const { tree, routing, leftFraction } = prepared;
  const walk: Walk = { tree, routing, leftFraction, x, xOffset, phi, phiOffset, path };
  recurse(walk, 0, 0, 0, 1, 1, -1);
}

function recurse(
  walk: Walk,
  node: number,
  depth: number,
  parentOffset: number,
  zeroFraction: number,
  oneFraction: number,
  pathFeature: number,
): void {
  const { tree, path } = walk;
  const offset = parentOffset + depth + 1;
  copyPath(path, parentOffset, offset, depth);
  extendPath(path, offset, depth, zeroFraction, oneFraction, pathFeature);
  const split = tree.feature[node]!;

  if (split === -1) {
    const leafValue = tree.value[node]!;
    const { phi } = walk;
    for (let i = 1; i <= depth; i++) {
      const weight = unwoundPathSum(path, offset, depth, i);
      const gap = path.oneFraction[offset + i]! - path.zeroFraction[offset + i]!;
      phi[walk.phiOffset + path.feature[offset + i]!]! += weight * gap * leafValue;
    }
    return;
  }

  const goesLeft = routesLeft(tree, node, walk.x[walk.xOffset + split]!, walk.routing);
  const hot = goesLeft ? tree.left[node]! : tree.right[node]!;
  const cold = goesLeft ? tree.right[node]! : tree.left[node]!;
  const leftShare = walk.leftFraction[node]!;
  const hotShare = goesLeft ? leftShare : 1 - leftShare;
  const coldShare = goesLeft ? 1 - leftShare : leftShare;

  // A feature split on again: undo its earlier path entry and carry its fractions into this split.
  let incomingZero = 1;
  let incomingOne = 1;
  let nextDepth = depth;
  for (let i = 1; i <= depth; i++) {
    if (path.feature[offset + i] !== split) continue;
    incomingZero = path.zeroFraction[offset + i]!;
    incomingOne = path.oneFraction[offset + i]!;
    unwindPath(path, offset, depth, i);
    nextDepth = depth - 1;
    break;
  }

  // A child no path can reach (zero cover and not the row's branch) contributes nothing; skipping
  // it also avoids the 0/0 that unwinding an all-zero path entry would produce.
  const hotZero = hotShare * incomingZero;
  if (hotZero !== 0 || incomingOne !== 0)
    recurse(walk, hot, nextDepth + 1, offset, hotZero, incomingOne, split);
  const coldZero = coldShare * incomingZero;
  if (coldZero !== 0) recurse(walk, cold, nextDepth + 1, offset, coldZero, 0, split);
}
