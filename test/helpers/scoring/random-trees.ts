import type { FlatTree, TreeEnsemble } from '../../../scoring/learners/types.ts';

/** Small deterministic PRNG (mulberry32) so generated trees and rows are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomTreeOptions {
  readonly nFeatures: number;
  readonly maxDepth: number;
  /** Features with index in this set get categorical splits over codes 0..nCategories-1. */
  readonly categorical?: readonly boolean[];
  readonly nCategories?: number;
  /** Chance that an inner node below the root stops early as a leaf (0 = full tree). */
  readonly leafChance?: number;
  /** Chance that a leaf has zero cover, as a missing-value branch no training row took would. */
  readonly zeroCoverChance?: number;
}

/** Thresholds and row values share this grid so rows land exactly on thresholds too. */
export const valueGrid = [-2, -1, -0.5, 0, 0.5, 1, 2, 3];

/** A random FlatTree obeying the contract: inner covers sum their children, inner values are means. */
export function randomTree(random: () => number, options: RandomTreeOptions): FlatTree {
  const nodes: {
    feature: number;
    threshold: number;
    missingLeft: number;
    leftCategories: number[];
    left: number;
    right: number;
    value: number;
    cover: number;
  }[] = [];
  const nCategories = options.nCategories ?? 5;
  const build = (depth: number): number => {
    const index = nodes.length;
    const node = {
      feature: -1,
      threshold: 0,
      missingLeft: 0,
      leftCategories: [] as number[],
      left: -1,
      right: -1,
      value: 0,
      cover: 0,
    };
    nodes.push(node);
    const stop = depth >= options.maxDepth || (depth > 0 && random() < (options.leafChance ?? 0));
    if (stop) {
      node.value = Math.round((random() * 4 - 2) * 1000) / 1000;
      node.cover = random() < (options.zeroCoverChance ?? 0) ? 0 : 1 + Math.floor(random() * 50);
      return index;
    }
    node.feature = Math.floor(random() * options.nFeatures);
    node.missingLeft = random() < 0.5 ? 1 : 0;
    if (options.categorical?.[node.feature]) {
      for (let code = 0; code < nCategories; code++) if (random() < 0.5) node.leftCategories.push(code);
      if (node.leftCategories.length === 0) node.leftCategories.push(Math.floor(random() * nCategories));
      node.threshold = Number.NaN;
    } else {
      node.threshold = valueGrid[Math.floor(random() * valueGrid.length)]!;
    }
    node.left = build(depth + 1);
    node.right = build(depth + 1);
    const left = nodes[node.left]!;
    const right = nodes[node.right]!;
    node.cover = left.cover + right.cover;
    node.value = node.cover > 0 ? (left.cover * left.value + right.cover * right.value) / node.cover : 0;
    return index;
  };
  build(0);
  return {
    feature: Int32Array.from(nodes, (n) => n.feature),
    threshold: Float64Array.from(nodes, (n) => n.threshold),
    missingLeft: Uint8Array.from(nodes, (n) => n.missingLeft),
    leftCategories: nodes.map((n) => n.leftCategories),
    left: Int32Array.from(nodes, (n) => n.left),
    right: Int32Array.from(nodes, (n) => n.right),
    value: Float64Array.from(nodes, (n) => n.value),
    cover: Float64Array.from(nodes, (n) => n.cover),
  };
}

export interface RandomEnsembleOptions extends RandomTreeOptions {
  readonly nTrees: number;
  readonly kind: 'forest' | 'boosting';
  /** Record codes 0..nCategories-1 as the training domain, so the unseen code nCategories counts as missing. */
  readonly withDomains?: boolean;
}

/** A forest (identity link, 1/nTrees) or boosting model (logit link, learning rate 0.1). */
export function randomEnsemble(random: () => number, options: RandomEnsembleOptions): TreeEnsemble {
  const trees = Array.from({ length: options.nTrees }, () => randomTree(random, options));
  const featureNames = Array.from({ length: options.nFeatures }, (_, j) => `f${j}`);
  const categorical = featureNames.map((_, j) => options.categorical?.[j] ?? false);
  const forest = options.kind === 'forest';
  const domain = Array.from({ length: options.nCategories ?? 5 }, (_, code) => code);
  const categoryDomains = options.withDomains
    ? categorical.map((isCategorical) => (isCategorical ? domain : null))
    : undefined;
  return {
    kind: options.kind,
    task: 'classification',
    link: forest ? 'identity' : 'logit',
    baseScore: forest ? 0 : -0.4,
    scale: forest ? 1 / options.nTrees : 0.1,
    trees,
    featureNames,
    categorical,
    ...(categoryDomains ? { categoryDomains } : {}),
  };
}

/** A random row: grid values (some exactly on thresholds), NaN for missing, unseen category codes. */
export function randomRow(
  random: () => number,
  nFeatures: number,
  categorical: readonly boolean[] = [],
  nCategories = 5,
  missingChance = 0.15,
): Float64Array {
  const row = new Float64Array(nFeatures);
  for (let j = 0; j < nFeatures; j++) {
    if (random() < missingChance) row[j] = Number.NaN;
    else if (categorical[j]) row[j] = Math.floor(random() * (nCategories + 1));
    else row[j] = valueGrid[Math.floor(random() * valueGrid.length)]! + (random() < 0.5 ? 0 : 0.25);
  }
  return row;
}
