import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import type { Calibrator } from '../../../../scoring/calibration/calibrator.ts';
import { fitIsotonic } from '../../../../scoring/calibration/isotonic.ts';
import { fitPlatt } from '../../../../scoring/calibration/platt.ts';
import { scoreAndTier } from '../../../../scoring/calibration/score-bands.ts';
import { featureNames, featureSetFor } from '../../../../scoring/features/feature-set.ts';
import { DAY_MS } from '../../../../scoring/features/time.ts';
import {
  type BinaryModelArtifact,
  binaryArtifactToJson,
} from '../../../../scoring/models/binary-artifact.ts';
import { BinaryScorer } from '../../../../scoring/models/binary-scorer.ts';
import { type TrainedBinaryModel, trainBinaryModel } from '../../../../scoring/models/binary-trainer.ts';
import { rawProbabilities } from '../../../../scoring/models/select-learner.ts';
import { modelRegistryMigrations } from '../../../../scoring/registry/migration.ts';
import { ModelRegistry } from '../../../../scoring/registry/model-registry.ts';
import {
  compileScoringQuery,
  type SqlScoringModel,
  sqlModelFromRecord,
} from '../../../../scoring/sql/index.ts';
import { everyEntityRows } from '../../../helpers/scoring-pipeline/analytics.ts';
import { DEMO_AS_OF, type DemoStore, demoStore } from '../../../helpers/scoring-pipeline/demo-store.ts';
import {
  type DuckDb,
  type FeatureTableRow,
  loadFeatureTable,
  openDuckDb,
  runScoring,
} from './duckdb-engine.ts';
import { edgeRows, rawRow } from './fixture-rows.ts';

/**
 * Models trained on the generated demo business, stored in and read back from the registry, compiled
 * to DuckDB SQL and run over a few thousand feature rows computed in process: every row's SQL
 * probability must equal BinaryScorer's to 1e-9, and its score and tier must be identical.
 */
const learners = ['boosting', 'forest', 'logistic'] as const;
type LearnerName = (typeof learners)[number];

const calibrationsOf: Record<LearnerName, readonly string[]> = {
  boosting: ['identity', 'isotonic', 'platt-logit'],
  forest: ['isotonic', 'platt-logit', 'identity'],
  logistic: ['identity', 'platt-raw', 'isotonic'],
};

function calibratorFor(kind: string, scores: Float64Array, y: Float64Array): Calibrator {
  if (kind === 'identity') return { method: 'identity' };
  if (kind === 'isotonic') return fitIsotonic(scores, y);
  return fitPlatt(scores, y, kind === 'platt-raw' ? 'raw' : 'logit');
}

describe('compiled SQL scores equal in-process scores (DuckDB)', () => {
  let demo: DemoStore;
  let db: DuckDb;
  let registry: ModelRegistry;
  const trained = new Map<LearnerName, TrainedBinaryModel>();
  let rows: FeatureTableRow[] = [];
  const stats: string[] = [];

  beforeAll(async () => {
    demo = await demoStore({ contacts: 1500, seed: 11, extraMigrations: modelRegistryMigrations });
    registry = ModelRegistry.of(demo.store, new FixedClock(DEMO_AS_OF));
    db = await openDuckDb();
    for (const learner of learners)
      trained.set(
        learner,
        await trainBinaryModel(await demo.features(), {
          kind: 'lead',
          asOf: DEMO_AS_OF,
          learner,
          calibration: 'none',
        }),
      );
    const featureSet = featureSetFor('contact');
    const asOf = Date.parse(DEMO_AS_OF);
    const collected = await everyEntityRows(await demo.features(), featureSet, [
      asOf,
      asOf - 45 * DAY_MS,
      asOf - 120 * DAY_MS,
    ]);
    const names = featureNames(featureSet);
    rows = collected.entityIds.map((id, i) => ({
      id: `${id}@${collected.cutoffIndex[i]}`,
      values: rawRow(collected.table, names, i),
    }));
  });

  afterAll(async () => {
    if (stats.length > 0) console.info(`SQL vs in-process (DuckDB):\n${stats.join('\n')}`);
    db?.close();
    await demo?.cleanup();
  });

  it('has a few thousand feature rows with missing values and every category', () => {
    expect(rows.length).toBeGreaterThan(2000);
    expect(rows.some((row) => row.values.some((v) => v === null))).toBe(true);
    expect(rows.some((row) => row.values.some((v) => typeof v === 'number' && Number.isNaN(v)))).toBe(true);
  });

  for (const learner of learners) {
    it(`${learner}: probability within 1e-9, same score and tier, on every row and calibration`, async () => {
      const model = trained.get(learner)!;
      const { artifact } = model;
      const categorical = artifact.featureNames.map((name) => name in artifact.dictionary);
      const tableRows = [
        ...rows,
        ...edgeRows(
          rows.map((r) => r.values),
          categorical,
          artifact.learner,
        ),
      ];
      const table = `features_${learner}`;
      const holdoutScores = rawProbabilities(
        artifact.learner,
        new BinaryScorer(artifact).encodeTable(model.holdout.table),
      );
      for (const [k, kind] of calibrationsOf[learner].entries()) {
        const variant: BinaryModelArtifact = {
          ...artifact,
          calibrator: calibratorFor(kind, holdoutScores, model.holdout.y),
        };
        const record = registry.add({
          name: `lead_${learner}`,
          kind: 'lead',
          entity: 'contact',
          asOf: DEMO_AS_OF,
          trainingWindow: model.trainingWindow,
          features: variant.featureNames,
          metrics: {},
          fingerprint: model.fingerprint,
          artifact: binaryArtifactToJson(variant),
        });
        const stored: SqlScoringModel = sqlModelFromRecord(record);
        expect(stored.artifact.calibrator.method).toBe(kind.split('-')[0]);
        if (k === 0) await loadFeatureTable(db, stored, table, tableRows);
        const sql = compileScoringQuery(stored, {
          dialect: 'duckdb',
          featureTable: table,
          idColumns: ['entity_id'],
        });
        const byId = await runScoring(db, sql);
        expect(byId.size).toBe(tableRows.length);
        const scorer = new BinaryScorer(stored.artifact);
        const encoder = scorer.rowEncoder(stored.artifact.featureNames);
        const encoded = new Float64Array(stored.artifact.featureNames.length);
        let maxDiff = 0;
        let scoreMismatches = 0;
        let exact = 0;
        const tiers = new Set<string>();
        for (const row of tableRows) {
          const expected = scorer.probabilityOfRow(encoder.encode(row.values, encoded));
          const { score, tier } = scoreAndTier(expected, stored.artifact.bands);
          const got = byId.get(row.id)!;
          const diff = Math.abs(got.probability - expected);
          maxDiff = Math.max(maxDiff, diff);
          if (diff === 0) exact += 1;
          if (got.score !== score || got.tier !== tier) scoreMismatches += 1;
          tiers.add(got.tier);
          expect(got.model).toBe(record.name);
          expect(got.modelVersion).toBe(String(record.version));
        }
        stats.push(
          `- ${learner} + ${kind}: ${tableRows.length} rows, max |diff| ${maxDiff.toExponential(2)}, bit-identical ${exact}, score/tier mismatches ${scoreMismatches}, tiers ${[...tiers].sort().join('/')}, SQL ${(sql.length / 1024).toFixed(0)} KB`,
        );
        expect(maxDiff).toBeLessThanOrEqual(1e-9);
        expect(scoreMismatches).toBe(0);
      }
    });
  }
});
