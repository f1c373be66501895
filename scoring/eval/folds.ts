import { Rng } from '../learners/rng.ts';

export interface Split {
  /** Row indices used for fitting, ascending. */
  readonly train: Int32Array;
  /** Row indices held out, ascending. */
  readonly test: Int32Array;
}

function sortedIndexArray(values: number[]): Int32Array {
  return Int32Array.from(values).sort();
}

/**
 * Stratified k-fold: each class is shuffled with the seed and dealt round-robin over the folds,
 * so every fold's positive rate is within one row of the overall rate. Labels are compared as
 * numbers, so it also stratifies multi-class targets.
 */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, seed: number): Split[] {
  if (!Number.isInteger(k) || k < 2)
    throw new RangeError(`stratifiedKFold: folds must be an integer >= 2, got ${k}`);
  const n = labels.length;
  if (n < k) throw new RangeError(`stratifiedKFold: ${k} folds need at least ${k} rows, got ${n}`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const label = labels[i] as number;
    const members = byClass.get(label);
    if (members) members.push(i);
    else byClass.set(label, [i]);
  }
  const rng = new Rng(seed);
  const foldOf = new Int32Array(n);
  // Dealing continues across classes so fold sizes also stay balanced (differ by at most one).
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = Int32Array.from(byClass.get(label) ?? []);
    rng.shuffle(members);
    for (const i of members) {
      foldOf[i] = next;
      next = (next + 1) % k;
    }
  }
  const splits: Split[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (foldOf[i] === f ? test : train).push(i);
    splits.push({ train: sortedIndexArray(train), test: sortedIndexArray(test) });
  }
  return splits;
}

/**
 * One stratified split of `rows` (indices into `labels`) with `holdoutFraction` held out,
 * for inner validation and calibration inside a training fold.
 */
export function stratifiedHoldout(
  labels: ArrayLike<number>,
  rows: ArrayLike<number>,
  holdoutFraction: number,
  seed: number,
): Split {
  if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
    throw new RangeError(`stratifiedHoldout: holdoutFraction must be in (0, 1), got ${holdoutFraction}`);
  }
  const rng = new Rng(seed);
  const byClass = new Map<number, number[]>();
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k] as number;
    const label = labels[i] as number;
    const members = byClass.get(label);
    if (members) members.push(i);
    else byClass.set(label, [i]);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = Int32Array.from(byClass.get(label) ?? []);
    rng.shuffle(members);
    const held = Math.round(members.length * holdoutFraction);
    members.forEach((i, position) => {
      (position < held ? test : train).push(i);
    });
  }
  return { train: sortedIndexArray(train), test: sortedIndexArray(test) };
}

export interface TimeHoldoutOptions {
  /** Share of the latest rows to hold out (default 0.2). Ignored when `cutoff` is set. */
  readonly testFraction?: number;
  /** Rows with time >= cutoff form the test set. */
  readonly cutoff?: number;
}

/**
 * Out-of-time holdout: the latest period is the test set. Rows sharing the cutoff timestamp all
 * land on the same side, so no moment in time is in both train and test. Rows without a time
 * (NaN) cannot be placed in time and are left out of both sets.
 */
export function timeHoldout(times: ArrayLike<number>, options: TimeHoldoutOptions = {}): Split {
  const known: number[] = [];
  for (let i = 0; i < times.length; i++) if (Number.isFinite(times[i])) known.push(i);
  if (known.length < 2) throw new RangeError('timeHoldout: need at least two rows with a time value');
  let cutoff = options.cutoff;
  if (cutoff === undefined) {
    const fraction = options.testFraction ?? 0.2;
    if (!(fraction > 0 && fraction < 1))
      throw new RangeError(`timeHoldout: testFraction must be in (0, 1), got ${fraction}`);
    const sorted = known.map((i) => times[i] as number).sort((a, b) => a - b);
    cutoff = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * (1 - fraction)))] as number;
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const i of known) ((times[i] as number) >= cutoff ? test : train).push(i);
  if (train.length === 0 || test.length === 0) {
    throw new RangeError(
      `timeHoldout: cutoff ${cutoff} leaves ${train.length} training and ${test.length} test rows; choose a cutoff inside the time range`,
    );
  }
  return { train: sortedIndexArray(train), test: sortedIndexArray(test) };
}
