/**
 * Runs the Python baselines of shared/baselines side by side with the TypeScript models, when
 * Debian's scipy / scikit-learn are installed. The baseline folder is read-only and the
 * scripts write results/ next to themselves, so they run from a temporary copy.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PYTHON = '/usr/bin/python3';

export interface PythonCdnowFit {
  readonly rfmSeconds: number;
  readonly bgnbdSeconds: number;
  readonly ggSeconds: number;
  readonly bgnbd: { r: number; alpha: number; a: number; b: number; loglik: number };
  readonly gg: { p: number; q: number; gamma: number };
  readonly holdoutPredicted: number;
  readonly holdoutActual: number;
}

export interface PythonUplift {
  readonly seconds: number;
  /** Test-half row indices of train_test_split(test_size=0.5, random_state=42, stratify=arm). */
  readonly testIndices: number[];
  /** results/uplift_hillstrom.json as written by the script. */
  readonly results: {
    models: Record<
      string,
      {
        policy_value_visit_rate_IPS: Record<string, number>;
        policy_value_IPS_with_se: Record<string, [number, number]>;
        [qini: string]: unknown;
      }
    >;
  };
}

export function pythonHas(modules: readonly string[]): boolean {
  const probe = spawnSync(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
  return probe.status === 0;
}

function withBaselineCopy<T>(baselineDir: string, files: readonly string[], run: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'scorebridge-ltv-nba-'));
  try {
    for (const file of files) copyFileSync(path.join(baselineDir, file), path.join(dir, file));
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runPython(dir: string, dataDir: string, args: readonly string[]): string {
  const result = spawnSync(PYTHON, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`python baseline failed (${args.join(' ')}): ${result.stderr}`);
  return result.stdout;
}

const CDNOW_SNIPPET = `
import json, sys, time
import common, cdnow_btyd as c
out = {}
for which in ("sample", "master"):
    t0 = time.process_time()
    s = common.cdnow_rfm(common.load_cdnow_transactions(which))
    t1 = time.process_time()
    x, tx, T = s.x.to_numpy(float), s.t_x.to_numpy(float), s["T"].to_numpy(float)
    p, ll = c.fit_bgnbd(x, tx, T)
    t2 = time.process_time()
    rep = s[(s.x > 0) & (s.m_x > 0)]
    g, gll = c.fit_gg(rep.m_x.to_numpy(float), rep.x.to_numpy(float))
    t3 = time.process_time()
    e = c.bgnbd_cond_exp(p, 39.0, x, tx, T)
    out[which] = {"rfmSeconds": t1 - t0, "bgnbdSeconds": t2 - t1, "ggSeconds": t3 - t2,
                  "bgnbd": {"r": p[0], "alpha": p[1], "a": p[2], "b": p[3], "loglik": ll},
                  "gg": {"p": g[0], "q": g[1], "gamma": g[2]},
                  "holdoutPredicted": float(e.sum()), "holdoutActual": float(s.x_hold.sum())}
print(json.dumps(out))
`;

export function runPythonCdnow(
  baselineDir: string,
  dataDir: string,
): Record<'sample' | 'master', PythonCdnowFit> {
  return withBaselineCopy(baselineDir, ['common.py', 'cdnow_btyd.py'], (dir) =>
    JSON.parse(runPython(dir, dataDir, ['-c', CDNOW_SNIPPET])),
  );
}

const SPLIT_SNIPPET = `
import json, os
import numpy as np, pandas as pd
from sklearn.model_selection import train_test_split
import common
df = pd.read_csv(os.path.join(common.DATA_DIR, "hillstrom_uplift", "hillstrom.csv"))
arms = ["No E-Mail", "Mens E-Mail", "Womens E-Mail"]
a = df["segment"].map({k: i for i, k in enumerate(arms)}).to_numpy(int)
_, te = train_test_split(np.arange(len(a)), test_size=0.5, random_state=42, stratify=a)
print(json.dumps(sorted(int(i) for i in te)))
`;

export function runPythonUplift(baselineDir: string, dataDir: string): PythonUplift {
  return withBaselineCopy(baselineDir, ['common.py', 'uplift_hillstrom.py'], (dir) => {
    const started = process.hrtime.bigint();
    runPython(dir, dataDir, ['uplift_hillstrom.py']);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const results = JSON.parse(readFileSync(path.join(dir, 'results', 'uplift_hillstrom.json'), 'utf8'));
    const testIndices = JSON.parse(runPython(dir, dataDir, ['-c', SPLIT_SNIPPET]));
    return { seconds, testIndices, results };
  });
}
