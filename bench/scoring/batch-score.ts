import { scoreBinaryModel } from '../../scoring/batch/score-binary.ts';
import { featurePages, featuresForEntity } from '../../scoring/features/build.ts';
import { featureNames } from '../../scoring/features/definition.ts';
import { featureSetByName } from '../../scoring/features/feature-sets.ts';
import type { RawFeatureValues } from '../../scoring/features/raw-table.ts';
import { populationFor } from '../../scoring/labels/populations.ts';
import type { BinaryModelArtifact } from '../../scoring/models/binary-artifact.ts';
import { BinaryScorer, rawRowRecord } from '../../scoring/models/binary-scorer.ts';
import { trainBinaryModel } from '../../scoring/models/binary-trainer.ts';
import { modelRegistryMigrations } from '../../scoring/registry/migration.ts';
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
  const names = featureNames(featureSetByName(artifact.featureSet));
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
    '| model | trees | scored rows | end-to-end rows/min | features s | model s | write s | model part rows/min (predict only) | model part rows/min (predict + TreeSHAP + reasons) |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const latencies: number[] = [];
  try {
    for (const kind of ['churn', 'lead'] as const) {
      const { artifact } = await trainBinaryModel(demo.store, {
        kind,
        asOf: DEMO_AS_OF,
        learner: 'boosting',
      });
      const started = performance.now();
      const result = await scoreBinaryModel(
        demo.store,
        { name: `${kind}_bench`, version: '1', artifact },
        { asOf: DEMO_AS_OF },
      );
      const seconds = (performance.now() - started) / 1000;
      const rows: RawFeatureValues[] = [];
      const set = featureSetByName(artifact.featureSet);
      const ids: string[] = [];
      for await (const page of featurePages(demo.store, set, Date.parse(DEMO_AS_OF), {
        include: populationFor(kind),
      })) {
        rows.push(...page.rows);
        ids.push(...page.snapshots.map((s) => s.id));
      }
      const part = modelPart(artifact, rows);
      const trees = artifact.learner.type === 'tree' ? artifact.learner.ensemble.trees.length : 0;
      lines.push(
        `| ${kind} | ${trees} | ${fmt(result.scored)} | ${fmt((result.scored / seconds) * 60)} | ${result.seconds.features.toFixed(2)} | ${result.seconds.model.toFixed(2)} | ${result.seconds.write.toFixed(2)} | ${fmt(part.predictPerMin)} | ${fmt(part.explainPerMin)} |`,
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
    `Model part measured over ${fmt(MODEL_ROWS)} rows replayed from the store's real feature rows. End-to-end is bounded by reading events ` +
      '(`eventsFor`), not by the model. Sizes: SB_BENCH_CONTACTS, SB_BENCH_MODEL_ROWS.',
    '',
  );
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await run()}\n`);
}
