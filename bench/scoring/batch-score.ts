import { FixedClock } from '../../core/clock.ts';
import { scoreAll } from '../../scoring/batch/score-all.ts';
import { featuresForEntity } from '../../scoring/features/entity-features.ts';
import { featureNames, featureSetOf } from '../../scoring/features/feature-set.ts';
import type { RawFeatureValues } from '../../scoring/features/raw-table.ts';
import { featureBatches } from '../../scoring/features/rows/feature-engine.ts';
import { targetsSql } from '../../scoring/features/sql/populations.ts';
import type { BinaryModelArtifact } from '../../scoring/models/binary-artifact.ts';
import { BinaryScorer, rawRowRecord } from '../../scoring/models/binary-scorer.ts';
import { trainAndRegisterBinary } from '../../scoring/models/register-binary.ts';
import { modelRegistryMigrations } from '../../scoring/registry/migration.ts';
import { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import { DEMO_AS_OF, demoStore } from '../../test/helpers/scoring-pipeline/demo-store.ts';

const CONTACTS = Number(process.env.SB_BENCH_CONTACTS ?? 3000);
const MODEL_ROWS = Number(process.env.SB_BENCH_MODEL_ROWS ?? 60_000);

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Predict + TreeSHAP + reasons over `MODEL_ROWS` rows replayed from the real feature rows. */
function modelPart(
  artifact: BinaryModelArtifact,
  rows: readonly RawFeatureValues[],
): { predictPerMin: number; explainPerMin: number } {
  const scorer = new BinaryScorer(artifact);
  const names = featureNames(featureSetOf(artifact));
  const encoder = scorer.rowEncoder(names);
  const buffer = new Float64Array(artifact.featureNames.length);
  const encoded = rows.map((values) => Float64Array.from(encoder.encode(values, buffer)));
  const records = rows.map((values) => rawRowRecord(names, values));
  for (let i = 0; i < 500; i++) scorer.explain(encoded[i % encoded.length]!, records[i % records.length]);
  let sink = 0;
  let started = performance.now();
  for (let i = 0; i < MODEL_ROWS; i++)
    sink += scorer.probabilityOfRow(encoder.encode(rows[i % rows.length]!, buffer));
  const predictSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  for (let i = 0; i < MODEL_ROWS; i++) {
    const k = i % rows.length;
    sink += scorer.explain(encoder.encode(rows[k]!, buffer), records[k]).value;
  }
  const explainSeconds = (performance.now() - started) / 1000;
  if (Number.isNaN(sink)) throw new Error('scores are not numbers');
  return {
    predictPerMin: (MODEL_ROWS / predictSeconds) * 60,
    explainPerMin: (MODEL_ROWS / explainSeconds) * 60,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<string> {
  const demo = await demoStore({ contacts: CONTACTS, seed: 11, extraMigrations: modelRegistryMigrations });
  const counts = await demo.store.counts();
  const lines = [
    '## Batch scoring (features + model + reasons + writes)',
    '',
    `Demo store: ${fmt(counts.contacts)} contacts, ${fmt(counts.accounts)} accounts, ${fmt(counts.events)} events, as of ${DEMO_AS_OF}. ` +
      `Boosting models (depth <= 6), calibrated; reasons = exact TreeSHAP turned into score points, top 3 rendered. Single thread.`,
    '',
    '| model | trees | scored rows | end-to-end rows/min | features s (SQL) | model part rows/min (predict only) | model part rows/min (predict + TreeSHAP + reasons) |',
    '|---|---|---|---|---|---|---|',
  ];
  const latencies: number[] = [];
  const registry = ModelRegistry.of(demo.store, new FixedClock(DEMO_AS_OF));
  const fe = await demo.features();
  try {
    for (const kind of ['churn', 'lead'] as const) {
      const name = `${kind}_bench`;
      const { artifact } = (
        await trainAndRegisterBinary(fe, registry, { name, kind, asOf: DEMO_AS_OF, learner: 'boosting' })
      ).trained;
      const spec = {
        name,
        kind,
        entity: kind === 'lead' ? 'contact' : 'account',
        horizonDays: 90,
        enabled: true,
      } as const;
      const started = performance.now();
      const [result] = await scoreAll(demo.store, registry, fe, { asOf: DEMO_AS_OF, specs: [spec] });
      const seconds = (performance.now() - started) / 1000;
      const rows: RawFeatureValues[] = [];
      const set = featureSetOf(artifact);
      const ids: string[] = [];
      await fe.engine.exec(
        `CREATE OR REPLACE TEMP TABLE bench_t AS ${targetsSql(fe.dialect, { kind, cutoffs: [Date.parse(DEMO_AS_OF)] })}`,
      );
      const featureStarted = performance.now();
      for await (const batch of featureBatches(fe, set.plan, 'bench_t')) {
        for (let i = 0; i < batch.rowCount; i++)
          rows.push(
            batch.table.numbers.map((column, j) => (column ? column[i]! : batch.table.texts[j]![i]!)),
          );
        ids.push(...batch.entityIds);
      }
      const featureSeconds = (performance.now() - featureStarted) / 1000;
      const part = modelPart(artifact, rows);
      const trees = artifact.learner.type === 'tree' ? artifact.learner.ensemble.trees.length : 0;
      lines.push(
        `| ${kind} | ${trees} | ${fmt(result!.scored)} | ${fmt((result!.scored / seconds) * 60)} | ${featureSeconds.toFixed(2)} | ${fmt(part.predictPerMin)} | ${fmt(part.explainPerMin)} |`,
      );
      const scorer = new BinaryScorer(artifact);
      const encoder = scorer.rowEncoder(featureNames(set));
      const buffer = new Float64Array(artifact.featureNames.length);
      // A server builds the scorer once; warm it (TreeSHAP tables, JIT) before timing requests.
      scorer.explain(encoder.encode(rows[0]!, buffer), rawRowRecord(featureNames(set), rows[0]!));
      for (let k = 0; k < Math.min(150, ids.length); k++) {
        const id = ids[(k * 7919) % ids.length]!;
        const t = performance.now();
        const one = await featuresForEntity(demo.store, set.entityType, id, DEMO_AS_OF, set);
        scorer.explain(encoder.encode(one!.values, buffer), rawRowRecord(one!.featureNames, one!.values));
        latencies.push(performance.now() - t);
      }
    }
  } finally {
    await demo.cleanup();
  }
  latencies.sort((a, b) => a - b);
  lines.push(
    '',
    `Single entity (featuresForEntity from the store + score + reasons, ${latencies.length} contacts and accounts): ` +
      `p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms.`,
    '',
    `Model part measured over ${fmt(MODEL_ROWS)} rows replayed from the store's real feature rows. Features come from one SQL query ` +
      'on the analytics replica (DuckDB); end-to-end is bounded by TreeSHAP reasons. Sizes: SB_BENCH_CONTACTS, SB_BENCH_MODEL_ROWS.',
    '',
  );
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await run()}\n`);
}
