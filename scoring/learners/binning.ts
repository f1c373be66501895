/**
 * Quantile binning: every feature is mapped once to at most 255 bins (Uint8Array codes) plus a
 * dedicated missing bin, so tree growing only ever touches small integer histograms.
 *
 * Numeric feature j with nBins[j] = k: bin b (0 <= b < k) holds x <= upperEdges[b] (and above
 * upperEdges[b-1]); bin k holds NaN. Because `x <= upperEdges[t]` is exactly `bin <= t`, a split
 * learned on bins is stored in the model as the raw threshold upperEdges[t] and predicts raw rows
 * without the binner.
 *
 * Categorical feature: the most frequent codes (up to maxCategories, each seen at least
 * minCategoryCount times) get one bin each in ascending code order; the remaining seen codes share
 * one pooled bin; the last bin (index nBins) holds NaN and codes never seen while binning.
 */
import { sortFloat64 } from './float-sort.ts';
import { Rng } from './rng.ts';
import type { Dataset } from './types.ts';

export interface NumericBins {
  readonly kind: 'numeric';
  readonly nBins: number;
  /** Upper edge of each non-missing bin, increasing; the last one is +Infinity. */
  readonly upperEdges: Float64Array;
}

export interface CategoricalBins {
  readonly kind: 'categorical';
  readonly nBins: number;
  /** Category codes in each non-missing bin (one code, or several for the pooled bin). */
  readonly binCategories: readonly (readonly number[])[];
  /** codeToBin[code] = bin, or -1 for a code never seen; codes >= length were never seen either. */
  readonly codeToBin: Int32Array;
}

export type FeatureBins = NumericBins | CategoricalBins;

export interface Binner {
  readonly featureNames: readonly string[];
  readonly categorical: readonly boolean[];
  readonly features: readonly FeatureBins[];
}

/** A dataset after binning; `codes[j]` are views into one shareable buffer (feature-major). */
export interface BinnedDataset {
  readonly nRows: number;
  readonly binner: Binner;
  readonly codes: readonly Uint8Array[];
  readonly buffer: SharedArrayBuffer;
}

export interface BinningParams {
  /** Non-missing bins per feature, 2..255. Default 255 (as scikit-learn's max_bins). */
  maxBins?: number;
  /** Categories that keep their own bin; the rest are pooled. Default maxBins - 1. */
  maxCategories?: number;
  /** Categories seen fewer times than this are pooled. Default 5. */
  minCategoryCount?: number;
  /** Rows sampled to place numeric quantile edges. Default 200,000 (as scikit-learn). */
  sampleSize?: number;
  /** Seed of the row sample. Default 0. */
  seed?: number;
}

/** Largest category code accepted; codes index dense lookup tables. */
export const MAX_CATEGORY_CODE = (1 << 22) - 1;

export function isBinnedDataset(data: Dataset | BinnedDataset): data is BinnedDataset {
  return 'binner' in data && 'codes' in data;
}

/** Learns bin edges from `data` and bins it. */
export function binDataset(data: Dataset, params: BinningParams = {}): BinnedDataset {
  return applyBinner(fitBinner(data, params), data);
}

export function fitBinner(data: Dataset, params: BinningParams = {}): Binner {
  assertDatasetShape(data, 'binDataset');
  const maxBins = params.maxBins ?? 255;
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) {
    throw new Error(`binDataset: maxBins must be an integer in 2..255, got ${maxBins}`);
  }
  const maxCategories = Math.min(params.maxCategories ?? maxBins - 1, maxBins - 1);
  const minCategoryCount = params.minCategoryCount ?? 5;
  const sample = sampleRows(data.nRows, params.sampleSize ?? 200_000, params.seed ?? 0);
  const features = data.columns.map((column, j): FeatureBins => {
    const name = data.featureNames[j]!;
    return data.categorical[j]
      ? categoricalBins(column, name, maxCategories, minCategoryCount)
      : numericBins(column, sample, maxBins);
  });
  return { featureNames: [...data.featureNames], categorical: [...data.categorical], features };
}

/** Bins `data` with edges learned elsewhere (validation or scoring rows). Features match by name. */
export function applyBinner(binner: Binner, data: Dataset): BinnedDataset {
  assertDatasetShape(data, 'applyBinner');
  const n = data.nRows;
  const buffer = new SharedArrayBuffer(Math.max(1, n * binner.features.length));
  const codes = binner.features.map((bins, j) => {
    const name = binner.featureNames[j]!;
    const source = data.featureNames.indexOf(name);
    if (source < 0)
      throw new Error(`applyBinner: the dataset has no feature "${name}" the binner was fit on`);
    const out = new Uint8Array(buffer, j * n, n);
    const column = data.columns[source]!;
    if (bins.kind === 'numeric') binNumericColumn(column, bins.upperEdges, out);
    else binCategoricalColumn(column, bins, name, out);
    return out;
  });
  return { nRows: n, binner, codes, buffer };
}

export function assertDatasetShape(data: Dataset, where: string): void {
  const p = data.featureNames.length;
  if (data.columns.length !== p || data.categorical.length !== p) {
    throw new Error(
      `${where}: dataset has ${p} feature names, ${data.columns.length} columns and ${data.categorical.length} categorical flags; they must match`,
    );
  }
  data.columns.forEach((column, j) => {
    if (column.length !== data.nRows) {
      throw new Error(
        `${where}: feature "${data.featureNames[j]}" has ${column.length} values but nRows is ${data.nRows}`,
      );
    }
  });
}

function sampleRows(nRows: number, sampleSize: number, seed: number): Uint32Array | null {
  if (nRows <= sampleSize) return null;
  const rng = new Rng(seed);
  // Partial Fisher-Yates over row ids: a sample without replacement, then sorted for locality.
  const ids = new Uint32Array(nRows);
  for (let i = 0; i < nRows; i++) ids[i] = i;
  for (let i = 0; i < sampleSize; i++) {
    const j = i + rng.nextInt(nRows - i);
    const tmp = ids[i]!;
    ids[i] = ids[j]!;
    ids[j] = tmp;
  }
  return ids.slice(0, sampleSize).sort();
}

function numericBins(column: Float64Array, sample: Uint32Array | null, maxBins: number): NumericBins {
  const m = sample ? sample.length : column.length;
  const values = new Float64Array(m);
  let k = 0;
  for (let i = 0; i < m; i++) {
    const x = column[sample ? sample[i]! : i]!;
    if (!Number.isNaN(x)) values[k++] = x;
  }
  const sorted = sortFloat64(values.subarray(0, k));
  const distinct: number[] = [];
  for (let i = 0; i < k && distinct.length <= maxBins; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  }
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    // Few distinct values: one bin each, split halfway between neighbours.
    for (let i = 0; i + 1 < distinct.length; i++) edges.push(midpoint(distinct[i]!, distinct[i + 1]!));
  } else {
    for (let q = 1; q < maxBins; q++) {
      const pos = (q / maxBins) * (k - 1);
      const edge = midpoint(sorted[Math.floor(pos)]!, sorted[Math.ceil(pos)]!);
      if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
    }
  }
  edges.push(Number.POSITIVE_INFINITY);
  return { kind: 'numeric', nBins: edges.length, upperEdges: Float64Array.from(edges) };
}

function midpoint(a: number, b: number): number {
  const m = a + (b - a) / 2;
  return Number.isFinite(m) ? m : a;
}

function categoricalBins(
  column: Float64Array,
  name: string,
  maxCategories: number,
  minCategoryCount: number,
): CategoricalBins {
  let maxCode = -1;
  for (let i = 0; i < column.length; i++) {
    const x = column[i]!;
    if (Number.isNaN(x)) continue;
    assertCategoryCode(x, name, i);
    if (x > maxCode) maxCode = x;
  }
  const counts = new Float64Array(maxCode + 1);
  for (let i = 0; i < column.length; i++) {
    const x = column[i]!;
    if (!Number.isNaN(x)) counts[x]!++;
  }
  const seen: number[] = [];
  for (let code = 0; code <= maxCode; code++) if (counts[code]! > 0) seen.push(code);
  const byFrequency = [...seen].sort((a, b) => counts[b]! - counts[a]! || a - b);
  const kept = byFrequency
    .slice(0, maxCategories)
    .filter((code) => counts[code]! >= minCategoryCount)
    .sort((a, b) => a - b);
  const keptSet = new Set(kept);
  const pooled = seen.filter((code) => !keptSet.has(code));
  const binCategories: number[][] = kept.map((code) => [code]);
  if (pooled.length > 0) binCategories.push(pooled);
  const codeToBin = new Int32Array(maxCode + 1).fill(-1);
  binCategories.forEach((codes, bin) => {
    for (const code of codes) codeToBin[code] = bin;
  });
  return { kind: 'categorical', nBins: Math.max(1, binCategories.length), binCategories, codeToBin };
}

function assertCategoryCode(x: number, name: string, row: number): void {
  if (!Number.isInteger(x) || x < 0 || x > MAX_CATEGORY_CODE) {
    throw new Error(
      `feature "${name}" row ${row} holds ${x}; categorical features must hold integer codes 0..${MAX_CATEGORY_CODE} (NaN = missing)`,
    );
  }
}

function binNumericColumn(column: Float64Array, upperEdges: Float64Array, out: Uint8Array): void {
  const missingBin = upperEdges.length;
  // Padding to 256 edges lets a fixed eight-step search find the first edge >= x without a loop.
  const e = new Float64Array(256).fill(Number.POSITIVE_INFINITY);
  e.set(upperEdges);
  for (let i = 0; i < column.length; i++) {
    const x = column[i]!;
    if (Number.isNaN(x)) {
      out[i] = missingBin;
      continue;
    }
    let b = x > e[127]! ? 128 : 0;
    b += x > e[b + 63]! ? 64 : 0;
    b += x > e[b + 31]! ? 32 : 0;
    b += x > e[b + 15]! ? 16 : 0;
    b += x > e[b + 7]! ? 8 : 0;
    b += x > e[b + 3]! ? 4 : 0;
    b += x > e[b + 1]! ? 2 : 0;
    b += x > e[b]! ? 1 : 0;
    out[i] = b;
  }
}

function binCategoricalColumn(
  column: Float64Array,
  bins: CategoricalBins,
  name: string,
  out: Uint8Array,
): void {
  const missingBin = bins.nBins;
  const table = bins.codeToBin;
  for (let i = 0; i < column.length; i++) {
    const x = column[i]!;
    if (Number.isNaN(x)) {
      out[i] = missingBin;
      continue;
    }
    assertCategoryCode(x, name, i);
    const bin = x < table.length ? table[x]! : -1;
    out[i] = bin < 0 ? missingBin : bin;
  }
}

/** Per feature, the sorted category codes seen while binning (null for numeric features). */
export function categoryDomains(binner: Binner): (readonly number[] | null)[] {
  return binner.features.map((bins) =>
    bins.kind === 'categorical' ? bins.binCategories.flat().sort((x, y) => x - y) : null,
  );
}
