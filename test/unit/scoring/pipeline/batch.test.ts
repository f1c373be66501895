import { describe, expect, it } from 'vitest';
import { scoreBinaryModel } from '../../../../scoring/batch/score-binary.ts';
import { featurePages } from '../../../../scoring/features/build.ts';
import { featureNames } from '../../../../scoring/features/definition.ts';
import { featureSetByName } from '../../../../scoring/features/feature-sets.ts';
import { populationFor } from '../../../../scoring/labels/populations.ts';
import { BinaryScorer, rawRowRecord } from '../../../../scoring/models/binary-scorer.ts';
import { trainBinaryModel } from '../../../../scoring/models/binary-trainer.ts';
import { fixtureStore } from '../../../helpers/scoring-pipeline/fixture-store.ts';
import { SYNTHETIC_AS_OF, syntheticBusiness } from '../../../helpers/scoring-pipeline/synthetic-business.ts';

describe('batch scoring', () => {
  it('writes calibrated scores with tiers and top reasons whose points add up, keeping history', async () => {
    const store = await fixtureStore(syntheticBusiness(), { now: SYNTHETIC_AS_OF });
    const { artifact } = await trainBinaryModel(store, {
      kind: 'churn',
      asOf: SYNTHETIC_AS_OF,
      learner: 'boosting',
    });
    const model = { name: 'churn_risk', version: '1', artifact };
    const first = await scoreBinaryModel(store, model, { asOf: SYNTHETIC_AS_OF, pageSize: 37 });
    expect(first.scored).toBeGreaterThan(30);
    expect(first.tiers.low + first.tiers.medium + first.tiers.high).toBe(first.scored);
    expect(first.histogram.reduce((a, b) => a + b, 0)).toBe(first.scored);
    expect(first.drift.features).toHaveLength(artifact.featureNames.length);
    expect(first.drift.score.psi).toBeGreaterThanOrEqual(0);

    const scorer = new BinaryScorer(artifact);
    const names = featureNames(featureSetByName(artifact.featureSet));
    const encoder = scorer.rowEncoder(names);
    let checked = 0;
    for await (const page of featurePages(
      store,
      featureSetByName(artifact.featureSet),
      Date.parse(SYNTHETIC_AS_OF),
      { include: populationFor('churn') },
    )) {
      for (const [i, values] of page.rows.entries()) {
        const id = page.snapshots[i]!.id;
        const [saved] = await store.currentScores('account', id);
        expect(saved).toBeDefined();
        const encoded = encoder.encode(values, new Float64Array(artifact.featureNames.length));
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
        const explained = scorer.explain(encoded, rawRowRecord(names, values));
        expect(explained.baseline).toBeCloseTo(attribution.baseline, 9);
        checked += 1;
      }
    }
    expect(checked).toBe(first.scored);

    await scoreBinaryModel(
      store,
      { ...model, version: '2' },
      { asOf: SYNTHETIC_AS_OF, computedAt: '2026-06-02T00:00:00.000Z' },
    );
    let anyId = '';
    for await (const page of featurePages(
      store,
      featureSetByName(artifact.featureSet),
      Date.parse(SYNTHETIC_AS_OF),
      { include: populationFor('churn') },
    )) {
      anyId = page.snapshots[0]!.id;
      break;
    }
    const history = await store.scoreHistory('account', anyId, 'churn_risk');
    expect(history.map((s) => s.modelVersion)).toEqual(['1', '2']);
    expect((await store.currentScores('account', anyId))[0]!.modelVersion).toBe('2');
    await store.close();
  });
});
