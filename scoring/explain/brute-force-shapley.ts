import type { FlatTree, TreeEnsemble } from '../learners/types.ts';
import { leftCoverFraction, routesLeft, type SplitRouting, splitRouting } from './routing.ts';
import type { ShapExplanation } from './treeshap.ts';

/**
 * Reference oracle for TreeSHAP: exact Shapley values by enumerating every coalition of the
 * features the ensemble splits on. Exponential in that count, so it exists to cross-check the fast
 * algorithm in tests and benchmarks, never to explain production scores.
 *
 * The value of a coalition S is the path-dependent conditional expectation TreeSHAP is defined on:
 * at a split on a feature in S follow the row; otherwise average both children by cover share.
 */
export function bruteForceShapley(ensemble: TreeEnsemble, row: ArrayLike<number>): ShapExplanation {
  const nFeatures = ensemble.featureNames.length;
  const players = featuresSplitOn(ensemble);
  const m = players.length;
  if (m > 20) throw new Error(`bruteForceShapley: ${m} features split on; enumeration is limited to 20`);

  const routing = splitRouting(ensemble);
  const known = new Uint8Array(nFeatures);
  const coalitionValue = new Float64Array(1 << m);
  for (let mask = 0; mask < 1 << m; mask++) {
    players.forEach((feature, bit) => {
      known[feature] = (mask >> bit) & 1;
    });
    coalitionValue[mask] = ensembleExpectation(ensemble, row, known, routing);
  }

  const weightBySize = shapleyWeights(m);
  const contributions = new Float64Array(nFeatures);
  players.forEach((feature, bit) => {
    let phi = 0;
    for (let mask = 0; mask < 1 << m; mask++) {
      if ((mask >> bit) & 1) continue;
      phi += weightBySize[popCount(mask)]! * (coalitionValue[mask | (1 << bit)]! - coalitionValue[mask]!);
    }
    contributions[feature] = phi;
  });
  return { expectedValue: coalitionValue[0]!, contributions };
}

/** E[f(x) | x_S] for the whole ensemble; `known[j]` = 1 when feature j is in S. */
export function ensembleExpectation(
  ensemble: TreeEnsemble,
  row: ArrayLike<number>,
  known: Uint8Array,
  routing: SplitRouting = splitRouting(ensemble),
): number {
  let sum = 0;
  for (const tree of ensemble.trees) sum += treeExpectation(tree, 0, row, known, routing);
  return ensemble.baseScore + ensemble.scale * sum;
}

function treeExpectation(
  tree: FlatTree,
  node: number,
  row: ArrayLike<number>,
  known: Uint8Array,
  routing: SplitRouting,
): number {
  const feature = tree.feature[node]!;
  if (feature === -1) return tree.value[node]!;
  const left = tree.left[node]!;
  const right = tree.right[node]!;
  if (known[feature] === 1) {
    const child = routesLeft(tree, node, row[feature]!, routing) ? left : right;
    return treeExpectation(tree, child, row, known, routing);
  }
  const share = leftCoverFraction(tree, node);
  const leftValue = treeExpectation(tree, left, row, known, routing);
  return share * leftValue + (1 - share) * treeExpectation(tree, right, row, known, routing);
}

function featuresSplitOn(ensemble: TreeEnsemble): number[] {
  const used = new Set<number>();
  for (const tree of ensemble.trees) {
    const stack = [0];
    while (stack.length > 0) {
      const node = stack.pop()!;
      const feature = tree.feature[node]!;
      if (feature === -1) continue;
      used.add(feature);
      stack.push(tree.left[node]!, tree.right[node]!);
    }
  }
  return [...used].sort((a, b) => a - b);
}

/** |S|! (M - |S| - 1)! / M! for every coalition size |S| = 0..M-1. */
function shapleyWeights(m: number): Float64Array {
  const weights = new Float64Array(Math.max(m, 1));
  for (let size = 0; size < m; size++) {
    // Built as a product of ratios to stay exact in floating point for M up to 20.
    let w = 1 / m;
    for (let k = 1; k <= size; k++) w *= k / (m - k);
    weights[size] = w;
  }
  return weights;
}

function popCount(mask: number): number {
  let count = 0;
  for (let bits = mask; bits !== 0; bits &= bits - 1) count++;
  return count;
}
