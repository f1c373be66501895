/**
 * Best-split search on one feature's histogram.
 *
 * Gain of a split = A_L^2/(B_L+l2) + A_R^2/(B_R+l2) - A^2/(B+l2). With A = -gradient and
 * B = hessian this is the second-order boosting gain (XGBoost/LightGBM); with A = w*y and
 * B = w it is the decrease in squared error, which for a 0/1 target is half the decrease in
 * weighted Gini impurity, so one formula serves both learners.
 */
import { BIN_VALUES, type Histogram, type HistogramLayout } from './histogram.ts';

export interface SplitConstraints {
  readonly l2: number;
  /** Minimum C (row count or bootstrap weight) in each child. */
  readonly minChildCount: number;
  /** Minimum B (hessian or weight) in each child. */
  readonly minChildHessian: number;
  readonly maxCategoriesLeft: number;
  readonly minRowsPerCategory: number;
  /** Pseudo-count shrinking a category's mean toward the node mean before ordering categories. */
  readonly categorySmoothing: number;
}

/** Where missing values go: right, left, or (none seen at this node) the child with more rows. */
export const MISSING_RIGHT = 0;
export const MISSING_LEFT = 1;
export const MISSING_TO_LARGER = 2;

/** The best split found so far at a node; `feature < 0` means none beat the minimum gain. */
export class SplitChoice {
  gain = 0;
  feature = -1;
  categorical = false;
  /** Numeric: bins <= binThreshold go left. */
  binThreshold = -1;
  missing = MISSING_RIGHT;
  /** Categorical: the non-missing or missing bins that go left. */
  leftBins: number[] = [];
  leftA = 0;
  leftB = 0;
  leftC = 0;

  reset(minGain: number): void {
    this.gain = minGain;
    this.feature = -1;
    this.leftBins = [];
  }
}

/** Node totals and the parent term of the gain, computed once per node. */
export interface NodeTotals {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly parentScore: number;
}

function consider(t: NodeTotals, cons: SplitConstraints, la: number, lb: number, lc: number): number {
  const rc = t.c - lc;
  const rb = t.b - lb;
  if (lc < cons.minChildCount || rc < cons.minChildCount) return Number.NEGATIVE_INFINITY;
  if (lb < cons.minChildHessian || rb < cons.minChildHessian) return Number.NEGATIVE_INFINITY;
  const ra = t.a - la;
  return (la * la) / (lb + cons.l2) + (ra * ra) / (rb + cons.l2) - t.parentScore;
}

function record(best: SplitChoice, gain: number, feature: number, la: number, lb: number, lc: number): void {
  best.gain = gain;
  best.feature = feature;
  best.leftA = la;
  best.leftB = lb;
  best.leftC = lc;
}

export function findNumericSplit(
  hist: Histogram,
  layout: HistogramLayout,
  feature: number,
  totals: NodeTotals,
  cons: SplitConstraints,
  best: SplitChoice,
): void {
  const v = hist.values;
  const base = layout.base[feature]!;
  const nb = layout.nBins[feature]!;
  const lo = hist.lo[feature]!;
  const hi = hist.hi[feature]!;
  const mk = base + nb * BIN_VALUES;
  const mA = v[mk]!;
  const mB = v[mk + 1]!;
  const mC = v[mk + 2]!;
  const hasMissing = mC > 0;
  const lastNonMissing = hi >= nb ? nb - 1 : hi;
  let ca = 0;
  let cb = 0;
  let cc = 0;
  for (let t = lo; t < lastNonMissing; t++) {
    const k = base + t * BIN_VALUES;
    const c = v[k + 2]!;
    if (c === 0) continue;
    ca += v[k]!;
    cb += v[k + 1]!;
    cc += c;
    let gain = consider(totals, cons, ca, cb, cc);
    if (gain > best.gain) {
      record(best, gain, feature, ca, cb, cc);
      setNumeric(best, t, hasMissing ? MISSING_RIGHT : MISSING_TO_LARGER);
    }
    if (!hasMissing) continue;
    gain = consider(totals, cons, ca + mA, cb + mB, cc + mC);
    if (gain > best.gain) {
      record(best, gain, feature, ca + mA, cb + mB, cc + mC);
      setNumeric(best, t, MISSING_LEFT);
    }
  }
  if (hasMissing && totals.c - mC > 0) {
    // Present versus missing: every non-missing value left (threshold +Infinity), missing right.
    const gain = consider(totals, cons, totals.a - mA, totals.b - mB, totals.c - mC);
    if (gain > best.gain) {
      record(best, gain, feature, totals.a - mA, totals.b - mB, totals.c - mC);
      setNumeric(best, nb - 1, MISSING_RIGHT);
    }
  }
}

function setNumeric(best: SplitChoice, binThreshold: number, missing: number): void {
  best.categorical = false;
  best.binThreshold = binThreshold;
  best.missing = missing;
  best.leftBins = [];
}

/**
 * Categorical split (LightGBM / scikit-learn style): order the node's categories by their smoothed
 * mean A/B and take the best prefix from either end, so a set rule like {1, 3, 5} vs the rest is
 * found in O(k log k) instead of 2^k. Categories with fewer than minRowsPerCategory rows at the
 * node stay on the right. The missing bin takes part as one more category.
 */
export function findCategoricalSplit(
  hist: Histogram,
  layout: HistogramLayout,
  feature: number,
  totals: NodeTotals,
  cons: SplitConstraints,
  best: SplitChoice,
): void {
  const v = hist.values;
  const base = layout.base[feature]!;
  const nb = layout.nBins[feature]!;
  const minRows = Math.max(1, cons.minRowsPerCategory);
  const nodeMean = totals.b > 0 ? totals.a / totals.b : 0;
  const s = cons.categorySmoothing;
  // Insertion sort into module scratch: few categories per node, and no allocation per node.
  let m = 0;
  for (let bin = hist.lo[feature]!; bin <= hist.hi[feature]!; bin++) {
    const k = base + bin * BIN_VALUES;
    if (v[k + 2]! < minRows) continue;
    const key = (v[k]! + s * nodeMean) / (v[k + 1]! + s);
    let i = m++;
    while (i > 0 && sortKeys[i - 1]! > key) {
      sortKeys[i] = sortKeys[i - 1]!;
      sortBins[i] = sortBins[i - 1]!;
      i--;
    }
    sortKeys[i] = key;
    sortBins[i] = bin;
  }
  if (m === 0) return;
  const maxLeft = Math.min(cons.maxCategoriesLeft, m);
  const gainBefore = best.gain;
  const forward = scanPrefixes(v, base, m, maxLeft, false, feature, totals, cons, best);
  const backward = scanPrefixes(v, base, m, maxLeft, true, feature, totals, cons, best);
  if (best.gain === gainBefore) return;
  const taken = backward > 0 ? backward : forward;
  const from = backward > 0 ? m - taken : 0;
  const left = Array.from(sortBins.subarray(from, from + taken)).sort((x, y) => x - y);
  best.categorical = true;
  best.binThreshold = -1;
  best.leftBins = left;
  const missingCount = v[base + nb * BIN_VALUES + 2]!;
  best.missing = left.includes(nb) ? MISSING_LEFT : missingCount > 0 ? MISSING_RIGHT : MISSING_TO_LARGER;
}

const sortBins = new Int32Array(256);
const sortKeys = new Float64Array(256);

/** Scans left sets made of the first (or last) i+1 sorted bins; returns the size of the best one that improved `best`, else 0. */
function scanPrefixes(
  v: Float64Array,
  base: number,
  m: number,
  maxLeft: number,
  fromEnd: boolean,
  feature: number,
  totals: NodeTotals,
  cons: SplitConstraints,
  best: SplitChoice,
): number {
  let la = 0;
  let lb = 0;
  let lc = 0;
  let improvedAt = 0;
  for (let i = 0; i < maxLeft; i++) {
    const bin = sortBins[fromEnd ? m - 1 - i : i]!;
    const k = base + bin * BIN_VALUES;
    la += v[k]!;
    lb += v[k + 1]!;
    lc += v[k + 2]!;
    const gain = consider(totals, cons, la, lb, lc);
    if (!(gain > best.gain)) continue;
    record(best, gain, feature, la, lb, lc);
    improvedAt = i + 1;
  }
  return improvedAt;
}

/**
 * Fills route[0..nBins] for a chosen split: route[bin] = 1 when rows in that bin go left (index nBins is the
 * missing bin, also used for categories unseen at training time).
 */
export function routeTable(best: SplitChoice, nBins: number, rightC: number, route: Uint8Array): void {
  route.fill(0, 0, nBins + 1);
  if (best.categorical) {
    for (const bin of best.leftBins) route[bin] = 1;
  } else {
    route.fill(1, 0, best.binThreshold + 1);
  }
  if (best.missing === MISSING_LEFT) route[nBins] = 1;
  else if (best.missing === MISSING_RIGHT) route[nBins] = 0;
  else route[nBins] = best.leftC >= rightC ? 1 : 0;
}
