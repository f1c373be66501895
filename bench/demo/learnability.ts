import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDemoData } from '../../demo/index.ts';
import { DAY_MS, parseAsOf } from '../../demo/time.ts';
import { crossValidateLogistic, mergeRows } from './support/cross-validate.ts';
import { churnRows, conversionRows } from './support/features.ts';
import { loadDemo } from './support/load-demo.ts';

/**
 * Is the demo worth scoring? Generates a demo set, reads it back from the CSV files (skipping
 * rows a connector would quarantine), builds as-of features at three cutoffs (90/180/270 days
 * before asOf) and cross-validates a plain logistic regression on "churns within 90 days" and
 * "converts within 90 days". Target: ROC-AUC roughly 0.80-0.90, neither trivial nor hopeless.
 */

const CONTACTS = Number(process.env.DEMO_LEARNABILITY_CONTACTS ?? 20_000);
const SEED = 1;
const AS_OF = '2026-11-01';

export async function run(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scorebridge-demo-learn-'));
  try {
    await generateDemoData({ contacts: CONTACTS, seed: SEED, outDir: dir, asOf: AS_OF });
    const data = await loadDemo(dir);
    const asOfMs = parseAsOf(AS_OF);
    const cutoffs = [90, 180, 270].map((days) => asOfMs - days * DAY_MS);
    const tasks = [
      [
        'churn within 90 days (accounts)',
        crossValidateLogistic(mergeRows(cutoffs.map((c) => churnRows(data, c)))),
      ],
      [
        'conversion within 90 days (lead contacts)',
        crossValidateLogistic(mergeRows(cutoffs.map((c) => conversionRows(data, c)))),
      ],
    ] as const;
    const lines = [
      '## Demo data: learnability',
      '',
      `\`scorebridge demo-data --contacts ${CONTACTS} --seed ${SEED}\`, default bad-row rate; features as of 90/180/270 days before ${AS_OF}; logistic regression (L2, standardised), 5-fold CV grouped by account.`,
      '',
      '| task | rows | positives | CV ROC-AUC | best single features (AUC) |',
      '|---|---:|---:|---:|---|',
      ...tasks.map(([name, r]) => {
        const best = r.topFeatures.map((f) => `${f.name} ${f.auc.toFixed(3)}`).join(', ');
        return `| ${name} | ${r.rows.toLocaleString('en-US')} | ${r.positives.toLocaleString('en-US')} (${((100 * r.positives) / r.rows).toFixed(1)} %) | ${r.auc.toFixed(3)} | ${best} |`;
      }),
      '',
    ];
    return lines.join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}
