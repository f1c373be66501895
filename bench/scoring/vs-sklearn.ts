import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadTabularCsv } from '../../scoring/eval/csv-dataset.ts';
import { selectRows, selectValues } from '../../scoring/eval/dataset-rows.ts';
import { type Split, stratifiedHoldout, stratifiedKFold } from '../../scoring/eval/folds.ts';
import { ensemblePredictor, trainBoosting, trainForestSync } from '../../scoring/learners/index.ts';
import type { Dataset, TreeEnsemble } from '../../scoring/learners/types.ts';
import { rocAuc } from '../../scoring/metrics/ranking.ts';
import { syntheticDataset } from './learner-fixtures.ts';

/**
 * Our forest and boosting against scikit-learn's RandomForest(100) and HistGradientBoosting, in
 * one run, on the same rows and folds, single-threaded on both sides, default settings on both
 * sides (no calibration). Python gets the exact matrix and fold indices through binary files.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const dataDir = path.resolve(repoRoot, '..', 'shared', 'data');
const PYTHON = '/usr/bin/python3';
const SYNTHETIC_ROWS = Number(process.env.BENCH_SYNTH_ROWS ?? 1_000_000);

interface BenchSet {
  readonly name: string;
  readonly data: Dataset;
  readonly y: Float64Array;
  readonly splits: readonly Split[];
  readonly protocol: string;
}

interface ModelResult {
  readonly fitSeconds: number;
  readonly rocAuc: number;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

function sklearnAvailable(): boolean {
  return spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
}

async function benchSets(): Promise<BenchSet[]> {
  const sets: BenchSet[] = [];
  if (existsSync(dataDir)) {
    const telco = await loadTabularCsv(path.join(dataDir, 'telco_churn', 'Telco-Customer-Churn.csv'), {
      target: 'Churn',
      drop: ['customerID'],
    });
    const leads = await loadTabularCsv(path.join(dataDir, 'leads_x_education', 'Leads.csv'), {
      target: 'Converted',
      // leads_standard of shared/baselines/common.py: IDs and post-contact fields dropped
      drop: [
        'Prospect ID',
        'Lead Number',
        'Tags',
        'Lead Quality',
        'Lead Profile',
        'Asymmetrique Activity Index',
        'Asymmetrique Profile Index',
        'Asymmetrique Activity Score',
        'Asymmetrique Profile Score',
      ],
      missingTokens: ['Select', 'NA', 'N/A', 'NaN', 'null'],
    });
    for (const [name, loaded] of [
      ['telco', telco],
      ['leads_standard', leads],
    ] as const) {
      sets.push({
        name,
        data: loaded.data,
        y: loaded.y,
        splits: stratifiedKFold(loaded.y, 5, 42),
        protocol: '5-fold CV',
      });
    }
  }
  const synthetic = syntheticDataset(SYNTHETIC_ROWS, 30, 42);
  const all = Int32Array.from({ length: synthetic.data.nRows }, (_, i) => i);
  sets.push({
    name: `synthetic ${SYNTHETIC_ROWS.toLocaleString('en-US')} x 30`,
    data: synthetic.data,
    y: synthetic.y,
    splits: [stratifiedHoldout(synthetic.y, all, 0.2, 42)],
    protocol: '80/20 holdout',
  });
  return sets;
}

function runOurs(set: BenchSet, train: (d: Dataset, y: Float64Array) => TreeEnsemble): ModelResult {
  const fit: number[] = [];
  const auc: number[] = [];
  for (const split of set.splits) {
    const trainData = selectRows(set.data, split.train);
    const trainLabels = selectValues(set.y, split.train);
    const started = performance.now();
    const model = train(trainData, trainLabels);
    fit.push((performance.now() - started) / 1000);
    auc.push(
      rocAuc(
        selectValues(set.y, split.test),
        ensemblePredictor(model).predict(selectRows(set.data, split.test)),
      ),
    );
  }
  const result = { fitSeconds: mean(fit), rocAuc: mean(auc) };
  console.error(
    `${set.name}: ours fit ${result.fitSeconds.toFixed(2)} s, ROC-AUC ${result.rocAuc.toFixed(4)}`,
  );
  return result;
}

/**
 * Above 10,000 rows HistGB early-stops on a stratified 10 % of the training rows. Our booster
 * gets the same split explicitly (its built-in split spreads row arrays into push(), which
 * overflows the call stack at 800k rows); the held-out rows are left out of its training.
 */
function trainBoostingLikeSklearn(data: Dataset, y: Float64Array): TreeEnsemble {
  if (data.nRows <= 10_000) return trainBoosting(data, y, { seed: 42 });
  const split = stratifiedHoldout(
    y,
    Int32Array.from({ length: data.nRows }, (_, i) => i),
    0.1,
    42,
  );
  return trainBoosting(selectRows(data, split.train), selectValues(y, split.train), {
    seed: 42,
    validation: { data: selectRows(data, split.test), y: selectValues(y, split.test) },
  });
}

function writeFloat32(file: string, columns: readonly Float64Array[]): void {
  const n = columns[0]?.length ?? 0;
  const out = new Float32Array(columns.length * n);
  columns.forEach((column, j) => {
    out.set(column, j * n);
  });
  writeFileSync(file, out);
}

/** Runs sklearn_side.py on the exported set; returns per-model means or undefined when it fails. */
function runSklearn(set: BenchSet): Record<'rf' | 'hgb', ModelResult> | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'scorebridge-vs-sklearn-'));
  try {
    writeFloat32(path.join(dir, 'X.f32'), set.data.columns);
    writeFloat32(path.join(dir, 'y.f32'), [set.y]);
    const folds = set.splits.map((split, k) => {
      const train = path.join(dir, `train${k}.i32`);
      const test = path.join(dir, `test${k}.i32`);
      writeFileSync(train, Int32Array.from(split.train));
      writeFileSync(test, Int32Array.from(split.test));
      return { train, test };
    });
    const meta = path.join(dir, 'meta.json');
    writeFileSync(
      meta,
      JSON.stringify({
        n_rows: set.data.nRows,
        n_features: set.data.columns.length,
        matrix: path.join(dir, 'X.f32'),
        labels: path.join(dir, 'y.f32'),
        categorical: set.data.categorical,
        folds,
        models: ['rf', 'hgb'],
      }),
    );
    const result = spawnSync(PYTHON, [path.join(here, 'sklearn_side.py'), meta], {
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (result.status !== 0) {
      console.error(`sklearn side failed on ${set.name}: ${result.stderr}`);
      return undefined;
    }
    const parsed = JSON.parse(result.stdout) as {
      models: Record<'rf' | 'hgb', { fit_s: number; roc_auc: number }[]>;
    };
    const summarize = (rows: { fit_s: number; roc_auc: number }[]) => ({
      fitSeconds: mean(rows.map((r) => r.fit_s)),
      rocAuc: mean(rows.map((r) => r.roc_auc)),
    });
    return { rf: summarize(parsed.models.rf), hgb: summarize(parsed.models.hgb) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const seconds = (s: number): string => (s < 10 ? s.toFixed(2) : s.toFixed(1));

export async function run(): Promise<string> {
  const haveSklearn = sklearnAvailable();
  const lines = [
    '## Scoring: our tree learners vs scikit-learn (same rows, same folds, one thread)',
    '',
    'Ours: `trainForestSync` (100 trees, defaults) and `trainBoosting` (defaults, which follow HistGB). scikit-learn:',
    '`RandomForestClassifier(n_estimators=100, n_jobs=1)` (NaN imputed: median / own code, categoricals ordinal) and',
    '`HistGradientBoostingClassifier()` with native categorical features, `OMP_NUM_THREADS=1`. Fit seconds per fold',
    '(mean), ROC-AUC of raw probabilities (mean over folds). Early stopping is on only above 10,000 rows, on both sides.',
    '',
    '| dataset | protocol | model | ours fit s | sklearn fit s | ours / sklearn time | ours ROC-AUC | sklearn ROC-AUC |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const set of await benchSets()) {
    const forest = runOurs(set, (d, y) => trainForestSync(d, y, { nTrees: 100, seed: 42 }));
    const boosting = runOurs(set, trainBoostingLikeSklearn);
    const sk = haveSklearn ? runSklearn(set) : undefined;
    for (const [label, ours, theirs] of [
      ['forest vs RF100', forest, sk?.rf],
      ['boosting vs HistGB', boosting, sk?.hgb],
    ] as const) {
      lines.push(
        `| ${set.name} | ${set.protocol} | ${label} | ${seconds(ours.fitSeconds)} | ${theirs ? seconds(theirs.fitSeconds) : 'n/a'} | ${
          theirs ? `${(ours.fitSeconds / theirs.fitSeconds).toFixed(2)}x` : 'n/a'
        } | ${ours.rocAuc.toFixed(4)} | ${theirs ? theirs.rocAuc.toFixed(4) : 'n/a'} |`,
      );
    }
  }
  if (!existsSync(dataDir)) lines.push('', `telco and leads skipped: ${dataDir} not found.`);
  if (!haveSklearn)
    lines.push(
      '',
      `scikit-learn columns empty: \`${PYTHON} -c 'import sklearn'\` failed (install python3-sklearn).`,
    );
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}
