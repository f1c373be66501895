import { expect } from 'vitest';
import type { InWarehouseTally, WarehouseContext } from '../../../app/warehouse/in-warehouse-scoring.ts';
import type { ConnectorConfig } from '../../../connectors/registry.ts';
import { FixedClock } from '../../../core/clock.ts';
import { scoreAndTier } from '../../../scoring/calibration/score-bands.ts';
import { featureNames, featureSetOf } from '../../../scoring/features/feature-set.ts';
import { featureBatches } from '../../../scoring/features/rows/feature-engine.ts';
import { targetsSql } from '../../../scoring/features/sql/populations.ts';
import { binaryArtifactToJson } from '../../../scoring/models/binary-artifact.ts';
import { BinaryScorer } from '../../../scoring/models/binary-scorer.ts';
import { trainBinaryModel } from '../../../scoring/models/binary-trainer.ts';
import type { ModelSpec } from '../../../scoring/models/model-specs.ts';
import { modelRegistryMigrations } from '../../../scoring/registry/migration.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { type SqlScoringModel, sqlModelFromRecord } from '../../../scoring/sql/index.ts';
import { DEMO_AS_OF, type DemoStore, demoStore } from '../../helpers/scoring-pipeline/demo-store.ts';

export const SCORED_AT = '2026-11-02T06:00:00.000Z';

export const SPECS: readonly ModelSpec[] = [
  { name: 'lead_score', kind: 'lead', entity: 'contact', horizonDays: 90, enabled: true },
  { name: 'churn_risk', kind: 'churn', entity: 'account', horizonDays: 90, enabled: true },
];

export interface TrainedDemo {
  readonly demo: DemoStore;
  readonly registry: ModelRegistry;
  readonly models: readonly SqlScoringModel[];
}

/** A small demo business with a boosted lead model and a forest churn model promoted in its registry. */
export async function trainedDemo(): Promise<TrainedDemo> {
  const demo = await demoStore({ contacts: 700, seed: 5, extraMigrations: modelRegistryMigrations });
  const registry = ModelRegistry.of(demo.store, new FixedClock(DEMO_AS_OF));
  const models: SqlScoringModel[] = [];
  for (const [spec, learner] of [
    [SPECS[0]!, 'boosting'],
    [SPECS[1]!, 'forest'],
  ] as const) {
    const trained = await trainBinaryModel(await demo.features(), {
      kind: spec.kind as 'lead' | 'churn',
      asOf: DEMO_AS_OF,
      learner,
    });
    const record = registry.add({
      name: spec.name,
      kind: spec.kind,
      entity: spec.entity,
      asOf: DEMO_AS_OF,
      trainingWindow: trained.trainingWindow,
      features: trained.artifact.featureNames,
      metrics: {},
      fingerprint: trained.fingerprint,
      artifact: binaryArtifactToJson(trained.artifact),
    });
    registry.promote(spec.name, record.version, 'test');
    models.push(sqlModelFromRecord(record));
  }
  return { demo, registry, models };
}

export function contextFor(trained: TrainedDemo, connector: ConnectorConfig): WarehouseContext {
  return { connectors: { wh: connector }, registry: trained.registry, specs: SPECS };
}

export interface Expected {
  readonly probability: number;
  readonly score: number;
  readonly tier: string;
}

/** In-process scores of every entity in the model's population, as batch scoring computes them. */
export async function inProcessScores(
  trained: TrainedDemo,
  model: SqlScoringModel,
): Promise<Map<string, Expected>> {
  const featureSet = featureSetOf(model.artifact);
  const scorer = new BinaryScorer(model.artifact);
  const encoder = scorer.rowEncoder(featureNames(featureSet));
  const encoded = new Float64Array(model.artifact.featureNames.length);
  const out = new Map<string, Expected>();
  const fe = await trained.demo.features();
  await fe.engine.exec(
    `CREATE OR REPLACE TEMP TABLE expected_targets AS ${targetsSql(fe.dialect, { kind: model.artifact.kind, cutoffs: [Date.parse(DEMO_AS_OF)] })}`,
  );
  for await (const batch of featureBatches(fe, featureSet.plan, 'expected_targets')) {
    for (let i = 0; i < batch.rowCount; i++) {
      const values = batch.table.numbers.map((column, j) =>
        column ? column[i]! : batch.table.texts[j]![i]!,
      );
      const probability = scorer.probabilityOfRow(encoder.encode(values, encoded));
      out.set(batch.entityIds[i]!, { probability, ...scoreAndTier(probability, model.artifact.bands) });
    }
  }
  return out;
}

export interface WarehouseScore {
  readonly entityType: string;
  readonly entityId: string;
  readonly model: string;
  readonly kind: string;
  readonly modelVersion: string;
  readonly probability: number;
  readonly score: number;
  readonly tier: string;
  readonly reasons: unknown;
  readonly amount: unknown;
  readonly action: unknown;
  readonly scoredAt: string;
}

/** Every warehouse row equals the in-process score: probability within 1e-9, identical score and tier. */
export async function expectMatchesInProcess(
  trained: TrainedDemo,
  rows: readonly WarehouseScore[],
  tallies: readonly InWarehouseTally[],
): Promise<void> {
  expect(tallies.map((t) => t.model)).toEqual(['lead_score', 'churn_risk']);
  for (const model of trained.models) {
    const expected = await inProcessScores(trained, model);
    const mine = rows.filter((row) => row.model === model.name);
    expect(expected.size).toBeGreaterThan(20);
    expect(mine).toHaveLength(expected.size);
    expect(tallies.find((t) => t.model === model.name)).toMatchObject({
      rows: expected.size,
      exported: expected.size,
    });
    let maxDiff = 0;
    for (const row of mine) {
      const want = expected.get(row.entityId);
      expect(want, `${model.name} ${row.entityId}`).toBeDefined();
      maxDiff = Math.max(maxDiff, Math.abs(row.probability - want!.probability));
      expect({ id: row.entityId, score: row.score, tier: row.tier }).toEqual({
        id: row.entityId,
        score: want!.score,
        tier: want!.tier,
      });
      expect(row).toMatchObject({
        kind: model.artifact.kind,
        modelVersion: String(model.version),
        reasons: [],
        amount: null,
        action: null,
        scoredAt: SCORED_AT,
      });
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-9);
    expect(new Set(mine.map((row) => row.tier)).size).toBeGreaterThan(1);
  }
}
