import { datasetPsiReference, numericPsiReference, type PsiReference } from '../drift/psi.ts';
import type { FeatureSet } from '../features/feature-set.ts';
import type { RawTable } from '../features/raw-table.ts';
import { concatTables, type FeatureEngine, featureBatches } from '../features/rows/feature-engine.ts';
import { type PopulationKind, populationCountSql, targetsSql } from '../features/sql/populations.ts';
import type { BinaryScorer } from './binary-scorer.ts';

const TARGETS = 'sb_drift_reference_targets';

export interface DriftReference {
  readonly features: readonly PsiReference[];
  readonly score: PsiReference;
  /** Rows the reference was profiled on. */
  readonly rows: number;
}

/**
 * The drift reference of a lead or churn model: the population it is trained to score, as of its
 * training as-of, with the features and scores the model gives it. A scoring run on the same data
 * measures PSI 0 by construction, so day one never alerts; later runs are compared with that fixed
 * day, so a real shift (a new kind of lead, a broken event feed) still shows, and a slow drift adds
 * up instead of being absorbed run by run as a "previous run" reference would. The training rows
 * are no reference: they pool cutoffs up to two years back, when the business and its customers'
 * tenure looked different (the first score measured PSI 0.6 against them).
 * Returns null when the population is empty (the caller keeps the training-time profile).
 */
export async function deploymentDriftReference(
  fe: FeatureEngine,
  options: {
    readonly kind: PopulationKind;
    readonly asOfMs: number;
    readonly featureSet: FeatureSet;
    readonly scorer: BinaryScorer;
    /** Rows profiled at most; a bigger population is sampled. */
    readonly maxRows: number;
  },
): Promise<DriftReference | null> {
  const { engine, dialect } = fe;
  const [count] = await engine.rows<{ n: number | bigint }>(
    populationCountSql(dialect, { kind: options.kind, cutoffs: [options.asOfMs] }),
  );
  const population = Number(count?.n ?? 0);
  if (population === 0) return null;
  const sampleRate = Math.min(1, options.maxRows / population);
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${TARGETS} AS ${targetsSql(dialect, {
      kind: options.kind,
      cutoffs: [options.asOfMs],
      sampleRate,
    })}`,
  );
  try {
    const plan = options.featureSet.plan;
    const tables: RawTable[] = [];
    for await (const batch of featureBatches(fe, plan, TARGETS)) tables.push(batch.table);
    const table = concatTables(tables, {
      featureNames: plan.features.map((f) => f.name),
      categorical: plan.features.map((f) => f.type === 'categorical'),
    });
    if (table.nRows === 0) return null;
    const data = options.scorer.encodeTable(table);
    return {
      features: datasetPsiReference(data),
      score: numericPsiReference('score', options.scorer.probabilities(data)),
      rows: table.nRows,
    };
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${TARGETS}`);
  }
}
