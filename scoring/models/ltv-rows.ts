import { featureNames, featureSetOf } from '../features/feature-set.ts';
import { mergePlans } from '../features/plan/merge.ts';
import { type FeatureEngine, featureBatches, projectTable } from '../features/rows/feature-engine.ts';
import { targetsSql } from '../features/sql/populations.ts';
import { purchaseHistory } from '../features/sql/purchase-history.ts';
import { accountTimelineSql } from '../features/sql/relations.ts';
import type { BinaryModelArtifact } from './binary-artifact.ts';
import { BinaryScorer } from './binary-scorer.ts';
import {
  isLtvMember,
  type LtvRow,
  ltvFactsOfBatch,
  mrrFeatureSet,
  purchaseNames,
  type Tenure,
} from './ltv-facts.ts';

const TARGETS = 'sb_ltv_targets';

/**
 * LTV rows at each cutoff in one query: facts strictly before the cutoff (purchase days, MRR, the
 * churn model's probability for paying accounts) and the revenue of the following `windowDays`
 * when it lies before `observedUntilMs`.
 */
export async function collectLtvRows(
  fe: FeatureEngine,
  cutoffs: readonly number[],
  options: {
    observedUntilMs: number;
    windowDays: number;
    churn: BinaryModelArtifact | null;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<{ rows: LtvRow[][]; tenures: Tenure[] }> {
  const mrr = mrrFeatureSet();
  const churnSet = options.churn ? featureSetOf(options.churn) : null;
  const merged = mergePlans(churnSet ? [mrr.plan, churnSet.plan] : [mrr.plan]);
  const names = purchaseNames(churnSet ?? undefined);
  await fe.engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${TARGETS} AS ${targetsSql(fe.dialect, { kind: 'ltv', cutoffs, purchaseNames: names })}`,
  );
  const [count] = await fe.engine.rows<{ n: number | bigint }>(`SELECT COUNT(*) AS n FROM ${TARGETS}`);
  const total = Number(count?.n ?? 0);
  options.onProgress?.(0, total);
  const scorer = options.churn ? new BinaryScorer(options.churn) : null;
  const out: LtvRow[][] = cutoffs.map(() => []);
  let done = 0;
  const batches = featureBatches(fe, merged.plan, TARGETS, {
    passThrough: ['cutoff_index', 'in_churn'],
    extras: purchaseHistory(fe.dialect, names, {
      days: options.windowDays,
      observedUntilMs: options.observedUntilMs,
    }),
    ordered: true,
  });
  for await (const batch of batches) {
    const index = batch.extras.cutoff_index as Float64Array;
    const inChurn = batch.extras.in_churn as Float64Array;
    const revenue = batch.extras.ltv_revenue as Float64Array;
    const probabilities =
      scorer && churnSet
        ? scorer.probabilities(
            scorer.encodeTable(projectTable(batch.table, merged.columns[1]!, featureNames(churnSet))),
          )
        : null;
    const cutoffOf = (i: number) => cutoffs[index[i]!]!;
    const facts = ltvFactsOfBatch(batch, cutoffOf, merged.columns[0]![0]!, (i) =>
      probabilities && inChurn[i] === 1 ? probabilities[i]! : Number.NaN,
    );
    facts.forEach((row, i) => {
      const cutoffMs = cutoffOf(i);
      if (!isLtvMember(inChurn[i] === 1, row, Number.NaN, cutoffMs)) return;
      const end = cutoffMs + options.windowDays * 86_400_000;
      out[index[i]!]!.push({ facts: row, actual: end <= options.observedUntilMs ? revenue[i]! : Number.NaN });
    });
    done += batch.rowCount;
    options.onProgress?.(done, total);
  }
  await fe.engine.exec(`DROP TABLE IF EXISTS ${TARGETS}`);
  const tenures = await fe.engine.rows<{ since: number; churned: number | null }>(
    `SELECT customer_since_ms AS since, churned_ms AS churned FROM (${accountTimelineSql(fe.dialect)}) x
     WHERE active AND customer_since_ms IS NOT NULL`,
  );
  return {
    rows: out,
    tenures: tenures.map((t) => ({
      sinceMs: Number(t.since),
      churnedAtMs: t.churned === null ? Number.NaN : Number(t.churned),
    })),
  };
}
