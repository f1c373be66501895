/**
 * Compiles a TreeEnsemble for scoring: all nodes of all trees in one 16-byte record each, in
 * depth-first preorder (the left child is the next record). Scoring large forests is bound by
 * cache misses, so a node is one read of one cache line, and four nodes share it.
 */
import type { TreeEnsemble } from './types.ts';

/** meta value marking a leaf. */
export const LEAF = -1;

export interface CompiledEnsemble {
  readonly nFeatures: number;
  /**
   * Node k's first 8 bytes, values[2k]: threshold (numeric split), start of its table in
   * categoryBits (categorical split) or output (leaf).
   */
  readonly values: Float64Array;
  /**
   * The same buffer as 32-bit integers: links[4k + 2] = LEAF or feature * 4 + 2 * isCategorical
   * + missingLeft; links[4k + 3] = node number of the right child.
   */
  readonly links: Int32Array;
  /** Node number of each tree's root. */
  readonly roots: Int32Array;
  /** categoryBits[table + localIndex(code)] = 1 when the code goes left. */
  readonly categoryBits: Uint8Array;
  /** Per feature: code -> local index, -1 for codes the model does not know. */
  readonly codeIndex: readonly (Int32Array | null)[];
  /** Per feature: 1 when an unknown code follows missingLeft (training domains known), else it goes right. */
  readonly unknownIsMissing: Uint8Array;
  readonly baseScore: number;
  readonly scale: number;
  readonly logit: boolean;
  /** Reused copy of the row being scored (scoring is synchronous, so one buffer suffices). */
  readonly rowScratch: Float64Array;
}

export function compileEnsemble(model: TreeEnsemble): CompiledEnsemble {
  const codeLists = knownCodeLists(model);
  const codeIndex = codeLists.map((codes) => {
    if (!codes) return null;
    const table = new Int32Array(codes.length === 0 ? 0 : codes[codes.length - 1]! + 1).fill(-1);
    codes.forEach((code, k) => {
      table[code] = k;
    });
    return table;
  });
  let totalNodes = 0;
  let totalBits = 0;
  for (const tree of model.trees) {
    totalNodes += tree.feature.length;
    for (const f of tree.feature) if (f >= 0 && codeLists[f]) totalBits += codeLists[f]!.length;
  }
  const buffer = new ArrayBuffer(totalNodes * 16);
  const values = new Float64Array(buffer);
  const links = new Int32Array(buffer);
  const roots = new Int32Array(model.trees.length);
  const categoryBits = new Uint8Array(totalBits);
  let next = 0;
  let bitsUsed = 0;
  const stack: number[] = [];
  model.trees.forEach((tree, t) => {
    roots[t] = next;
    // Preorder with an explicit stack: right children are patched in when they are placed.
    const rightSlot = new Int32Array(tree.feature.length).fill(-1);
    stack.push(0);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const at = next++;
      if (rightSlot[i]! >= 0) links[rightSlot[i]!] = at;
      const f = tree.feature[i]!;
      if (f < 0) {
        values[2 * at] = tree.value[i]!;
        links[4 * at + 2] = LEAF;
        continue;
      }
      const codes = codeLists[f];
      if (codes) {
        const table = codeIndex[f]!;
        for (const code of tree.leftCategories[i]!) categoryBits[bitsUsed + table[code]!] = 1;
        values[2 * at] = bitsUsed;
        bitsUsed += codes.length;
      } else {
        values[2 * at] = tree.threshold[i]!;
      }
      links[4 * at + 2] = f * 4 + (codes ? 2 : 0) + (tree.missingLeft[i] === 1 ? 1 : 0);
      rightSlot[tree.right[i]!] = 4 * at + 3;
      stack.push(tree.right[i]!, tree.left[i]!);
    }
  });
  return {
    nFeatures: model.featureNames.length,
    values,
    links,
    roots,
    categoryBits,
    codeIndex,
    unknownIsMissing: Uint8Array.from(model.featureNames, (_, f) => (model.categoryDomains?.[f] ? 1 : 0)),
    baseScore: model.baseScore,
    scale: model.scale,
    logit: model.link === 'logit',
    rowScratch: new Float64Array(model.featureNames.length),
  };
}

/** Per categorical feature, the codes it can route: the training domain plus every code a split names. */
function knownCodeLists(model: TreeEnsemble): (number[] | null)[] {
  const sets = model.featureNames.map((_, f) =>
    model.categorical[f] ? new Set<number>(model.categoryDomains?.[f] ?? []) : null,
  );
  for (const tree of model.trees) {
    tree.leftCategories.forEach((codes, i) => {
      const set = codes.length > 0 ? sets[tree.feature[i]!] : null;
      if (set) for (const code of codes) set.add(code);
    });
  }
  return sets.map((set) => (set ? [...set].sort((x, y) => x - y) : null));
}
