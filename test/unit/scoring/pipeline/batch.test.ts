import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import { scoreAll } from '../../../../scoring/batch/score-all.ts';
import { featuresForEntity } from '../../../../scoring/features/entity-features.ts';
import { featureSetOf } from '../../../../scoring/features/feature-set.ts';
import { inChurnPopulation } from '../../../../scoring/labels/populations.ts';
import { parseBinaryArtifact } from '../../../../scoring/models/binary-artifact.ts';
import { BinaryScorer, rawRowRecord } from '../../../../scoring/models/binary-scorer.ts';
import type { ModelSpec } from '../../../../scoring/models/model-specs.ts';
import { trainAndRegisterBinary } from '../../../../scoring/models/register-binary.ts';
import { modelRegistryMigrations } from '../../../../scoring/registry/migration.ts';
import { ModelRegistry } from '../../../../scoring/registry/model-registry.ts';
import { memoryAnalytics } from '../../../helpers/scoring-pipeline/analytics.ts';
import { fixtureStore } from '../../../helpers/scoring-pipeline/fixture-store.ts';
import { SYNTHETIC_AS_OF, syntheticBusiness } from '../../../helpers/scoring-pipeline/synthetic-business.ts';

const spec: ModelSpec = {
  name: 'churn_risk',
  kind: 'churn',
  entity: 'account',
  horizonDays: 90,
  enabled: true,
};

describe('batch scoring', () => {
  it('writes calibrated scores with tiers and top reasons whose points add up, keeping history', async () => {
    const store = await fixtureStore(syntheticBusiness(), {
      now: SYNTHETIC_AS_OF,
      extraMigrations: modelRegistryMigrations,
    });
    const analytics = await memoryAnalytics(store);
    const registry = ModelRegistry.of(store, new FixedClock(SYNTHETIC_AS_OF));
    const { trained } = await trainAndRegisterBinary(analytics.features, registry, {
      name: spec.name,
      kind: 'churn',
      asOf: SYNTHETIC_AS_OF,
      learner: 'boosting',
    });
    const { artifact } = trained;
    const [first] = await scoreAll(store, registry, analytics.features, {
      asOf: SYNTHETIC_AS_OF,
      specs: [spec],
    });
    expect(first!.scored).toBeGreaterThan(30);
    const run = registry.latestRun(spec.name)!.summary as {
      tiers: Record<string, number>;
      histogram: number[];
      drift: { features: unknown[]; score: { psi: number } };
    };
    expect(run.tiers.low! + run.tiers.medium! + run.tiers.high!).toBe(first!.scored);
    expect(run.histogram.reduce((a, b) => a + b, 0)).toBe(first!.scored);
    expect(run.drift.features).toHaveLength(artifact.featureNames.length);
    expect(run.drift.score.psi).toBeGreaterThanOrEqual(0);

    // Every saved score is the model's answer on the entity's features as the API computes them.
    const scorer = new BinaryScorer(parseBinaryArtifact(registry.promoted(spec.name)!.artifact, spec.name));
    let checked = 0;
    let anyId = '';
    for await (const page of store.iterateAccounts()) {
      for (const account of page) {
        const features = await featuresForEntity(
          store,
          'account',
          account.id,
          SYNTHETIC_AS_OF,
          featureSetOf(artifact),
        );
        if (!features) continue;
        const inPopulation =
          features.snapshot.entityType === 'account' &&
          inChurnPopulation(features.snapshot, Date.parse(SYNTHETIC_AS_OF));
        const [saved] = await store.currentScores('account', account.id);
        if (!inPopulation) {
          expect(saved).toBeUndefined();
          continue;
        }
        expect(saved).toBeDefined();
        anyId = account.id;
        const encoded = scorer
          .rowEncoder(features.featureNames)
          .encode(features.values, new Float64Array(artifact.featureNames.length));
        const attribution = scorer.attribute(encoded);
        const total = attribution.contributions.reduce((sum, c) => sum + c.points, attribution.baseline);
        expect(total).toBeCloseTo(100 * saved!.probability!, 8);
        expect(saved!.value).toBe(Math.round(100 * saved!.probability!));
        expect(saved!.tier).toBe(saved!.value >= 71 ? 'high' : saved!.value >= 41 ? 'medium' : 'low');
        expect(saved!.reasons.length).toBeLessThanOrEqual(3);
        expect(saved!.reasons.map((r) => r.feature)).toEqual(
          attribution.contributions.slice(0, saved!.reasons.length).map((c) => c.feature),
        );
        for (const [k, reason] of saved!.reasons.entries()) {
          expect(reason.points).toBeCloseTo(attribution.contributions[k]!.points, 9);
          expect(reason.text.length).toBeGreaterThan(3);
          expect(reason.direction).toBe(reason.points < 0 ? 'down' : 'up');
        }
        const explained = scorer.explain(encoded, rawRowRecord(features.featureNames, features.values));
        expect(explained.baseline).toBeCloseTo(attribution.baseline, 9);
        checked += 1;
      }
    }
    expect(checked).toBe(first!.scored);

    await trainAndRegisterBinary(analytics.features, registry, {
      name: spec.name,
      kind: 'churn',
      asOf: SYNTHETIC_AS_OF,
      learner: 'boosting',
      rule: { metric: 'ROC-AUC', higherIsBetter: true, tolerance: 1 },
    });
    await scoreAll(store, registry, analytics.features, {
      asOf: SYNTHETIC_AS_OF,
      specs: [spec],
      computedAt: '2026-06-02T00:00:00.000Z',
    });
    const history = await store.scoreHistory('account', anyId, 'churn_risk');
    expect(history.map((s) => s.modelVersion)).toEqual(['1', '2']);
    expect((await store.currentScores('account', anyId))[0]!.modelVersion).toBe('2');
    analytics.close();
    await store.close();
  });

  it('computes the same scores and reasons on worker threads as in process', async () => {
    const store = await fixtureStore(syntheticBusiness(), {
      now: SYNTHETIC_AS_OF,
      extraMigrations: modelRegistryMigrations,
    });
    const analytics = await memoryAnalytics(store);
    const registry = ModelRegistry.of(store, new FixedClock(SYNTHETIC_AS_OF));
    await trainAndRegisterBinary(analytics.features, registry, {
      name: spec.name,
      kind: 'churn',
      asOf: SYNTHETIC_AS_OF,
      learner: 'boosting',
    });
    const snapshot = async () => {
      const out = new Map<string, unknown>();
      for await (const page of store.iterateAccounts())
        for (const account of page) {
          const [saved] = await store.currentScores('account', account.id);
          if (saved) out.set(account.id, { p: saved.probability, tier: saved.tier, reasons: saved.reasons });
        }
      return out;
    };
    await scoreAll(store, registry, analytics.features, {
      asOf: SYNTHETIC_AS_OF,
      specs: [spec],
      reasonThreads: 1,
    });
    const inProcess = await snapshot();
    await scoreAll(store, registry, analytics.features, {
      asOf: SYNTHETIC_AS_OF,
      specs: [spec],
      reasonThreads: 2,
      computedAt: '2026-06-02T00:00:00.000Z',
    });
    const threaded = await snapshot();
    expect(inProcess.size).toBeGreaterThan(30);
    expect(threaded).toEqual(inProcess);
    expect((await store.currentScores('account', [...threaded.keys()][0]!))[0]!.computedAt).toBe(
      '2026-06-02T00:00:00.000Z',
    );
    analytics.close();
    await store.close();
  });
});
