import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { type DemoSummary, generateDemoData } from '../../../demo/index.ts';

export type CsvRow = Record<string, string>;

export interface GeneratedDemo {
  readonly dir: string;
  readonly summary: DemoSummary;
  read(file: string): Promise<CsvRow[]>;
  sha256(file: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** Generates a demo set into a fresh temporary directory. */
export async function generateInTemp(options: {
  contacts: number;
  seed: number;
  badRowsRate?: number;
  asOf?: string;
}): Promise<GeneratedDemo> {
  const dir = await mkdtemp(join(tmpdir(), 'scorebridge-demo-'));
  const summary = await generateDemoData({ ...options, outDir: dir });
  return {
    dir,
    summary,
    read: async (file) => parse(await readFile(join(dir, file), 'utf8'), { columns: true }) as CsvRow[],
    sha256: async (file) =>
      createHash('sha256')
        .update(await readFile(join(dir, file)))
        .digest('hex'),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** ROC-AUC as the Mann-Whitney statistic (ties count one half). */
export function auc(positives: readonly number[], negatives: readonly number[]): number {
  const all = [...positives.map((v) => ({ v, p: 1 })), ...negatives.map((v) => ({ v, p: 0 }))].sort(
    (a, b) => a.v - b.v,
  );
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]?.v === all[i]?.v) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k]?.p === 1) rankSum += rank;
    i = j + 1;
  }
  return (rankSum - (positives.length * (positives.length + 1)) / 2) / (positives.length * negatives.length);
}

export const DAY = 86_400_000;
