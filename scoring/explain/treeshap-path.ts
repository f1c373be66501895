/**
 * The "unique path" of Lundberg et al. 2018 (Algorithm 2): for each feature split on between the
 * root and the current node, the fraction of zero paths (feature unknown: follow cover shares) and
 * one paths (feature known: follow the row) that flow through, plus the permutation weights of each
 * subset size. Stored struct-of-arrays in one preallocated block; each recursion level owns a
 * segment starting at `offset`, so descending the tree never allocates.
 *
 * Divisions by small integers go through the `reciprocal` table: the weight recurrences are chains
 * of dependent operations, and a multiply is several times shorter than a divide on that chain.
 */
export interface PathBuffers {
  readonly feature: Int32Array;
  readonly zeroFraction: Float64Array;
  readonly oneFraction: Float64Array;
  readonly pweight: Float64Array;
  /** reciprocal[k] = 1 / k. */
  readonly reciprocal: Float64Array;
}

/** Segments of length 1, 2, ..., depth + 2 laid end to end (the C++ shap layout). */
export function allocatePath(maxTreeDepth: number): PathBuffers {
  const levels = maxTreeDepth + 2;
  const size = ((levels + 1) * (levels + 2)) / 2;
  const reciprocal = new Float64Array(levels + 2);
  for (let k = 1; k < reciprocal.length; k++) reciprocal[k] = 1 / k;
  return {
    feature: new Int32Array(size),
    zeroFraction: new Float64Array(size),
    oneFraction: new Float64Array(size),
    pweight: new Float64Array(size),
    reciprocal,
  };
}

/** Copy the first `length` elements of the segment at `from` to the segment at `to`. */
export function copyPath(path: PathBuffers, from: number, to: number, length: number): void {
  // A plain loop: segments are a handful of elements, where copyWithin's call overhead dominates.
  const { feature, zeroFraction, oneFraction, pweight } = path;
  for (let i = 0; i < length; i++) {
    feature[to + i] = feature[from + i]!;
    zeroFraction[to + i] = zeroFraction[from + i]!;
    oneFraction[to + i] = oneFraction[from + i]!;
    pweight[to + i] = pweight[from + i]!;
  }
}

/** EXTEND: append a split on `feature` at position `depth` and update the subset-size weights. */
export function extendPath(
  path: PathBuffers,
  offset: number,
  depth: number,
  zeroFraction: number,
  oneFraction: number,
  feature: number,
): void {
  const w = path.pweight;
  path.feature[offset + depth] = feature;
  path.zeroFraction[offset + depth] = zeroFraction;
  path.oneFraction[offset + depth] = oneFraction;
  w[offset + depth] = depth === 0 ? 1 : 0;
  const inverseLength = path.reciprocal[depth + 1]!;
  const oneScaled = oneFraction * inverseLength;
  const zeroScaled = zeroFraction * inverseLength;
  for (let i = depth - 1; i >= 0; i--) {
    const weight = w[offset + i]!;
    w[offset + i + 1]! += oneScaled * weight * (i + 1);
    w[offset + i] = zeroScaled * weight * (depth - i);
  }
}

/** UNWIND: undo the EXTEND of element `index` (used when a feature is split on again). */
export function unwindPath(path: PathBuffers, offset: number, depth: number, index: number): void {
  const w = path.pweight;
  const reciprocal = path.reciprocal;
  const oneFraction = path.oneFraction[offset + index]!;
  const zeroFraction = path.zeroFraction[offset + index]!;
  const length = depth + 1;
  let nextOnePortion = w[offset + depth]!;
  if (oneFraction !== 0) {
    const scale = length / oneFraction;
    const zeroScaled = zeroFraction * reciprocal[length]!;
    for (let i = depth - 1; i >= 0; i--) {
      const previous = w[offset + i]!;
      const unwound = nextOnePortion * scale * reciprocal[i + 1]!;
      w[offset + i] = unwound;
      nextOnePortion = previous - unwound * zeroScaled * (depth - i);
    }
  } else {
    const scale = length / zeroFraction;
    for (let i = depth - 1; i >= 0; i--) w[offset + i] = w[offset + i]! * scale * reciprocal[depth - i]!;
  }
  for (let i = index; i < depth; i++) {
    path.feature[offset + i] = path.feature[offset + i + 1]!;
    path.zeroFraction[offset + i] = path.zeroFraction[offset + i + 1]!;
    path.oneFraction[offset + i] = path.oneFraction[offset + i + 1]!;
  }
}

/** Total permutation weight of the path with element `index` unwound, without modifying it. */
export function unwoundPathSum(path: PathBuffers, offset: number, depth: number, index: number): number {
  const w = path.pweight;
  const reciprocal = path.reciprocal;
  const oneFraction = path.oneFraction[offset + index]!;
  const zeroFraction = path.zeroFraction[offset + index]!;
  let total = 0;
  if (oneFraction !== 0) {
    const inverseOne = 1 / oneFraction;
    let nextOnePortion = w[offset + depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      const share = nextOnePortion * inverseOne * reciprocal[i + 1]!;
      total += share;
      nextOnePortion = w[offset + i]! - share * zeroFraction * (depth - i);
    }
  } else {
    for (let i = depth - 1; i >= 0; i--) total += w[offset + i]! * reciprocal[depth - i]!;
    total /= zeroFraction;
  }
  return total * (depth + 1);
}
