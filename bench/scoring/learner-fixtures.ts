/**
 * Data sets and small metrics shared by the learner benchmarks and tests: a seeded synthetic
 * binary task of any size and the IBM telco churn file as a typed Dataset.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { Rng } from '../../scoring/learners/rng.ts';
import type { Dataset } from '../../scoring/learners/types.ts';

export interface LabelledDataset {
  readonly data: Dataset;
  readonly y: Float64Array;
}

/**
 * nFeatures columns (>= 6): the last min(5, nFeatures - 5) are categorical with 12 codes, the rest
 * Gaussian with 3% missing in every third column. P(y=1) = sigmoid(f(x)) with f mixing a linear
 * term, an interaction, a threshold, a category-set effect and a missing-value effect.
 */
export function syntheticDataset(nRows: number, nFeatures: number, seed: number): LabelledDataset {
  if (nFeatures < 6) throw new Error('syntheticDataset: needs at least 6 features');
  const rng = new Rng(seed);
  const nCategorical = Math.min(5, nFeatures - 5);
  const nNumeric = nFeatures - nCategorical;
  const columns = Array.from({ length: nFeatures }, () => new Float64Array(nRows));
  const categorical = columns.map((_, j) => j >= nNumeric);
  for (let j = 0; j < nFeatures; j++) {
    const column = columns[j]!;
    for (let i = 0; i < nRows; i++) {
      if (categorical[j]) column[i] = rng.nextInt(12);
      else column[i] = j % 3 === 2 && rng.nextFloat() < 0.03 ? Number.NaN : rng.nextGaussian();
    }
  }
  const y = new Float64Array(nRows);
  const [x0, x1, x2, x3, x4] = columns as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const cat = columns[nNumeric]!;
  for (let i = 0; i < nRows; i++) {
    const code = cat[i]!;
    const inSet = code === 1 || code === 4 || code === 7 || code === 10 ? 1.2 : -0.4;
    const missingEffect = Number.isNaN(x2[i]!) ? 1 : 0.5 * x2[i]!;
    const z = 0.8 * x0[i]! + x1[i]! * x3[i]! + (x4[i]! > 0.5 ? 1 : -0.3) + inSet + missingEffect - 0.3;
    y[i] = rng.nextFloat() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const featureNames = columns.map((_, j) => (categorical[j] ? `cat${j}` : `x${j}`));
  return { data: { nRows, featureNames, columns, categorical }, y };
}

/** Repository-relative location of the shared data sets (`../shared/data` next to the repository; see its README.md). */
export function sharedDataDir(repoRoot: string): string {
  return path.resolve(repoRoot, '..', 'shared', 'data');
}

const TELCO_NUMERIC = new Set(['SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges']);

/** Telco churn as the baselines prepare it: customerID dropped, TotalCharges numeric, categoricals coded. */
export function loadTelco(dataDir: string): LabelledDataset {
  const file = path.join(dataDir, 'telco_churn', 'Telco-Customer-Churn.csv');
  const records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  const names = Object.keys(records[0] ?? {}).filter((c) => c !== 'customerID' && c !== 'Churn');
  const columns = names.map((name) => {
    const raw = records.map((r) => (r[name] ?? '').trim());
    if (TELCO_NUMERIC.has(name)) return Float64Array.from(raw, (v) => (v === '' ? Number.NaN : Number(v)));
    const labels = [...new Set(raw)].sort();
    return Float64Array.from(raw, (v) => labels.indexOf(v));
  });
  const y = Float64Array.from(records, (r) => (r.Churn === 'Yes' ? 1 : 0));
  return {
    data: {
      nRows: records.length,
      featureNames: names,
      columns,
      categorical: names.map((n) => !TELCO_NUMERIC.has(n)),
    },
    y,
  };
}

/** Rows of a dataset, in the given order. */
export function subsetRows(set: LabelledDataset, rows: ArrayLike<number>): LabelledDataset {
  const pick = (col: Float64Array) => Float64Array.from({ length: rows.length }, (_, i) => col[rows[i]!]!);
  return {
    data: { ...set.data, nRows: rows.length, columns: set.data.columns.map(pick) },
    y: pick(set.y),
  };
}

/** Stratified train/test split of a 0/1 target, seeded. */
export function stratifiedSplit(
  set: LabelledDataset,
  testFraction: number,
  seed: number,
): { train: LabelledDataset; test: LabelledDataset } {
  const rng = new Rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [0, 1]) {
    const rows: number[] = [];
    set.y.forEach((v, r) => {
      if (v === cls) rows.push(r);
    });
    rng.shuffle(rows);
    const nTest = Math.round(testFraction * rows.length);
    for (let i = 0; i < rows.length; i++) (i < nTest ? test : train).push(rows[i]!);
  }
  return {
    train: subsetRows(
      set,
      train.sort((a, b) => a - b),
    ),
    test: subsetRows(
      set,
      test.sort((a, b) => a - b),
    ),
  };
}

/** ROC-AUC with tied scores counted as half (Mann-Whitney U). */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let rankSumPositive = 0;
  let nPositive = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && score[order[j + 1]!] === score[order[i]!]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[order[k]!] === 1) {
        rankSumPositive += midRank;
        nPositive++;
      }
    }
    i = j + 1;
  }
  const nNegative = y.length - nPositive;
  return (rankSumPositive - (nPositive * (nPositive + 1)) / 2) / (nPositive * nNegative);
}
