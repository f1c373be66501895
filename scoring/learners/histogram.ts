/**
 * Per-node histograms over binned features.
 *
 * Each bin holds three sums over the node's rows: A (target or negative gradient, weighted), B
 * (weight or hessian) and C (row count or bootstrap weight), plus one unused double so that a bin
 * is 32 bytes: the WebAssembly kernel (wasm/histogram.wat) adds (A, B) and (C, -) as two SIMD lanes. Split gain, leaf values and the
 * min-samples constraint all read these three numbers, so one histogram type serves the random
 * forest (A = w*y, B = C = w) and gradient boosting (A = -g, B = h, C = 1).
 *
 * Layout: feature j owns bins [offset[j], offset[j] + nBins[j]] (the last is the missing bin),
 * stored as BIN_VALUES consecutive doubles per bin. Offsets are packed, or every feature gets a
 * fixed stride of bins (256 for the WebAssembly kernel, which then needs no offset table). `lo[j]..hi[j]` is the range of bins the node
 * touched; values outside it are zero, which lets tiny nodes skip empty bins and lets a
 * released histogram be cleared cheaply.
 */

/** Doubles per bin: A, B, C and one unused (see the header). */
export const BIN_VALUES = 4;

export class HistogramLayout {
  readonly nFeatures: number;
  readonly nBins: Int32Array;
  /** First bin of each feature in the histogram (in bins, multiply by BIN_VALUES for the array index). */
  readonly offset: Int32Array;
  readonly totalBins: number;
  /** offset * BIN_VALUES: index of each feature's first value in Histogram.values. */
  readonly base: Int32Array;

  /** `featureStride` bins per feature when given (each feature's bins plus missing must fit), else packed. */
  constructor(nBins: ArrayLike<number>, featureStride?: number) {
    this.nFeatures = nBins.length;
    this.nBins = Int32Array.from(nBins);
    this.offset = new Int32Array(this.nFeatures);
    let total = 0;
    for (let j = 0; j < this.nFeatures; j++) {
      const width = this.nBins[j]! + 1;
      if (featureStride !== undefined && width > featureStride) {
        throw new Error(
          `HistogramLayout: feature ${j} has ${width} bins, more than the stride ${featureStride}`,
        );
      }
      this.offset[j] = total;
      total += featureStride ?? width;
    }
    this.totalBins = total;
    this.base = this.offset.map((o) => o * BIN_VALUES);
  }
}

export class Histogram {
  readonly values: Float64Array;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  /** Byte address in the WebAssembly kernel's memory, or -1 for a histogram on the JavaScript heap. */
  readonly address: number;

  /** `values` given: a zeroed view of totalBins * BIN_VALUES doubles at `address` in kernel memory. */
  constructor(layout: HistogramLayout, values?: Float64Array, address = -1) {
    this.values = values ?? new Float64Array(layout.totalBins * BIN_VALUES);
    this.address = address;
    this.lo = new Int32Array(layout.nFeatures).fill(0x7fffffff);
    this.hi = new Int32Array(layout.nFeatures).fill(-1);
  }

  isBuilt(feature: number): boolean {
    return this.hi[feature]! >= 0;
  }
}

/** Reuses histograms: allocation and zeroing of a full histogram per node would dominate small nodes. */
export class HistogramPool {
  private readonly layout: HistogramLayout;
  private readonly create: () => Histogram;
  private readonly free: Histogram[] = [];

  /** `create` makes a new zeroed histogram when none is free (default: on the JavaScript heap). */
  constructor(layout: HistogramLayout, create?: () => Histogram) {
    this.layout = layout;
    this.create = create ?? (() => new Histogram(layout));
  }

  acquire(): Histogram {
    return this.free.pop() ?? this.create();
  }

  release(hist: Histogram): void {
    const { base } = this.layout;
    for (let j = 0; j < this.layout.nFeatures; j++) {
      const hi = hist.hi[j]!;
      if (hi < 0) continue;
      const first = base[j]!;
      hist.values.fill(0, first + hist.lo[j]! * BIN_VALUES, first + (hi + 1) * BIN_VALUES);
      hist.lo[j] = 0x7fffffff;
      hist.hi[j] = -1;
    }
    this.free.push(hist);
  }
}

/**
 * Adds rows[start..start+n) to every feature. `rowCodes` is row-major (row r, feature j at
 * r * nFeatures + j) so each row costs one cache line however scattered the node's rows are.
 * Ranges are set to whole features: nodes built this way are large (boosting, subtraction).
 * `c` null means a count of 1 per row.
 */
export function accumulateAllFeatures(
  hist: Histogram,
  layout: HistogramLayout,
  rowCodes: Uint8Array,
  rows: Uint32Array,
  start: number,
  n: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array | null,
): void {
  const v = hist.values;
  const p = layout.nFeatures;
  const base = layout.base;
  const end = start + n;
  if (c === null) {
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const ga = a[r]!;
      const gb = b[r]!;
      const rowBase = r * p;
      for (let j = 0; j < p; j++) {
        const k = base[j]! + rowCodes[rowBase + j]! * BIN_VALUES;
        v[k]! += ga;
        v[k + 1]! += gb;
        v[k + 2]! += 1;
      }
    }
  } else {
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      const ga = a[r]!;
      const gb = b[r]!;
      const gc = c[r]!;
      const rowBase = r * p;
      for (let j = 0; j < p; j++) {
        const k = base[j]! + rowCodes[rowBase + j]! * BIN_VALUES;
        v[k]! += ga;
        v[k + 1]! += gb;
        v[k + 2]! += gc;
      }
    }
  }
  for (let j = 0; j < p; j++) {
    hist.lo[j] = 0;
    hist.hi[j] = layout.nBins[j]!;
  }
}

/**
 * Adds rows[start..start+n) to features[0..nf) only, tracking the touched bin range of each so
 * that small nodes scan and clear a few bins instead of 256 (random-forest nodes get tiny).
 */
export function accumulateFeatures(
  hist: Histogram,
  layout: HistogramLayout,
  rowCodes: Uint8Array,
  features: Int32Array,
  nf: number,
  rows: Uint32Array,
  start: number,
  n: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
): void {
  const v = hist.values;
  const p = layout.nFeatures;
  const base = layout.base;
  const lo = hist.lo;
  const hi = hist.hi;
  const end = start + n;
  if (n < SMALL_NODE_ROWS) {
    // Small nodes: rows are cache-resident, so a loop per feature keeps its range in registers.
    for (let q = 0; q < nf; q++) {
      const j = features[q]!;
      const first = base[j]!;
      let low = lo[j]!;
      let high = hi[j]!;
      for (let i = start; i < end; i++) {
        const r = rows[i]!;
        const bin = rowCodes[r * p + j]!;
        const k = first + bin * BIN_VALUES;
        v[k]! += a[r]!;
        v[k + 1]! += b[r]!;
        v[k + 2]! += c[r]!;
        if (bin < low) low = bin;
        if (bin > high) high = bin;
      }
      lo[j] = low;
      hi[j] = high;
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const ga = a[r]!;
    const gb = b[r]!;
    const gc = c[r]!;
    const rowBase = r * p;
    for (let q = 0; q < nf; q++) {
      const j = features[q]!;
      const bin = rowCodes[rowBase + j]!;
      const k = base[j]! + bin * BIN_VALUES;
      v[k]! += ga;
      v[k + 1]! += gb;
      v[k + 2]! += gc;
      if (bin < lo[j]!) lo[j] = bin;
      if (bin > hi[j]!) hi[j] = bin;
    }
  }
}

/** Below this many rows a node's per-row data stays in cache across features. */
const SMALL_NODE_ROWS = 4096;

/** Row-major copy of feature-major bin codes (see accumulateAllFeatures), into `out` when given. */
export function toRowMajor(codes: readonly Uint8Array[], nRows: number, out?: Uint8Array): Uint8Array {
  const p = codes.length;
  out ??= new Uint8Array(new SharedArrayBuffer(Math.max(1, nRows * p)));
  for (let j = 0; j < p; j++) {
    const column = codes[j]!;
    for (let r = 0; r < nRows; r++) out[r * p + j] = column[r]!;
  }
  return out;
}

/** parent -= child over every feature built in parent: the sibling's histogram without a pass over its rows. */
export function subtractInPlace(parent: Histogram, child: Histogram, layout: HistogramLayout): void {
  const pv = parent.values;
  const cv = child.values;
  for (let j = 0; j < layout.nFeatures; j++) {
    const hi = parent.hi[j]!;
    if (hi < 0) continue;
    const first = layout.base[j]!;
    const end = first + (hi + 1) * BIN_VALUES;
    for (let k = first + parent.lo[j]! * BIN_VALUES; k < end; k++) pv[k]! -= cv[k]!;
  }
}
