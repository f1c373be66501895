import type { FlatTree, TreeEnsemble } from '../learners/types.ts';

/**
 * How an ensemble routes categorical values, derived once per model. It mirrors the compiled
 * predictor in `scoring/learners/predict.ts` so an explanation always follows the same path as the
 * score: a split on a feature flagged categorical sends the codes in leftCategories left; when the
 * training domain of that feature is known, a code the model has never seen (outside the domain and
 * every split's categories) counts as missing and follows missingLeft; otherwise it goes right.
 */
export interface SplitRouting {
  readonly categorical: readonly boolean[];
  /** Per feature: knownCodes[f][code] = 1 for codes the model knows, or null when unknown codes go right. */
  readonly knownCodes: readonly (Uint8Array | null)[];
}

export function splitRouting(ensemble: TreeEnsemble): SplitRouting {
  const knownCodes = ensemble.featureNames.map((_, f) => {
    const domain = ensemble.categoryDomains?.[f];
    if (!ensemble.categorical[f] || !domain) return null;
    const codes = new Set<number>(domain);
    for (const tree of ensemble.trees) {
      tree.feature.forEach((feature, node) => {
        if (feature === f) for (const code of tree.leftCategories[node] ?? []) codes.add(code);
      });
    }
    const valid = [...codes].filter((code) => Number.isInteger(code) && code >= 0);
    const table = new Uint8Array(valid.length === 0 ? 0 : Math.max(...valid) + 1);
    for (const code of valid) table[code] = 1;
    return table;
  });
  return { categorical: ensemble.categorical, knownCodes };
}

/** Which child a value takes at inner node `node` of `tree`: true = left. NaN is missing. */
export function routesLeft(tree: FlatTree, node: number, x: number, routing: SplitRouting): boolean {
  if (Number.isNaN(x)) return tree.missingLeft[node] === 1;
  const feature = tree.feature[node]!;
  if (!routing.categorical[feature]) return x <= tree.threshold[node]!;
  if (sortedIncludes(tree.leftCategories[node]!, x)) return true;
  const known = routing.knownCodes[feature];
  const isKnown = known === null || known === undefined || known[x] === 1;
  return isKnown ? false : tree.missingLeft[node] === 1;
}

/** Binary search: leftCategories is sorted, and this runs once per categorical node per row. */
function sortedIncludes(sorted: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid]!;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Share of a node's cover that went left. Normalised by the children's covers rather than the
 * parent's so the two shares always add to 1: TreeSHAP stays locally accurate even when a learner's
 * float cover sums drift, and a split whose children both have zero cover is treated as 50/50.
 */
export function leftCoverFraction(tree: FlatTree, node: number): number {
  const leftCover = tree.cover[tree.left[node]!]!;
  const rightCover = tree.cover[tree.right[node]!]!;
  const total = leftCover + rightCover;
  return total > 0 ? leftCover / total : 0.5;
}
