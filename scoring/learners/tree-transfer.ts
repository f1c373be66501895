/**
 * FlatTrees as worker messages: typed arrays are transferred (not copied) and only categorical
 * nodes carry their category lists, so numeric nodes share one empty array after unpacking.
 */
import { NO_CATEGORIES } from './binned-tree.ts';
import type { FlatTree } from './types.ts';

export interface PackedTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly missingLeft: Uint8Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
  readonly cover: Float64Array;
  readonly categoricalNodes: number[];
  readonly categoricalLists: (readonly number[])[];
}

export function packTree(tree: FlatTree): PackedTree {
  const categoricalNodes: number[] = [];
  const categoricalLists: (readonly number[])[] = [];
  tree.leftCategories.forEach((codes, node) => {
    if (codes.length > 0) {
      categoricalNodes.push(node);
      categoricalLists.push(codes);
    }
  });
  const { feature, threshold, missingLeft, left, right, value, cover } = tree;
  return { feature, threshold, missingLeft, left, right, value, cover, categoricalNodes, categoricalLists };
}

export function transferList(tree: PackedTree): ArrayBuffer[] {
  const arrays = [
    tree.feature,
    tree.threshold,
    tree.missingLeft,
    tree.left,
    tree.right,
    tree.value,
    tree.cover,
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

export function unpackTree(packed: PackedTree): FlatTree {
  const leftCategories: (readonly number[])[] = new Array(packed.feature.length).fill(NO_CATEGORIES);
  packed.categoricalNodes.forEach((node, k) => {
    leftCategories[node] = packed.categoricalLists[k]!;
  });
  const { feature, threshold, missingLeft, left, right, value, cover } = packed;
  return { feature, threshold, missingLeft, leftCategories, left, right, value, cover };
}
