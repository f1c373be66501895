import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rescoreEntities } from '../../../../app/server/hooks/rescore-entities.ts';
import { EntityScorer } from '../../../../app/server/scoring/entity-scorer.ts';
import { FixedClock } from '../../../../core/clock.ts';
import type { Score, Tier } from '../../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import { scoreAll } from '../../../../scoring/batch/score-all.ts';
import { DEFAULT_SCORE_BANDS } from '../../../../scoring/calibration/score-bands.ts';
import type { ModelSpec } from '../../../../scoring/models/model-specs.ts';
import { trainAndRegisterBinary } from '../../../../scoring/models/register-binary.ts';
import { modelRegistryMigrations } from '../../../../scoring/registry/migration.ts';
import { ModelRegistry } from '../../../../scoring/registry/model-registry.ts';
import { percentileTierRule, tieringOfSummary } from '../../../../scoring/tiers/index.ts';
import { memoryAnalytics, type TestAnalytics } from '../../../helpers/scoring-pipeline/analytics.ts';
import { fixtureStore } from '../../../helpers/scoring-pipeline/fixture-store.ts';
import { SYNTHETIC_AS_OF, syntheticBusiness } from '../../../helpers/scoring-pipeline/synthetic-business.ts';

const LATER = '2026-06-08T00:00:00.000Z';
const spec: ModelSpec = {
  name: 'churn_risk',
  kind: 'churn',
  entity: 'account',
  horizonDays: 90,
  enabled: true,
  tiers: percentileTierRule(10, 30),
};

describe('percentile tiers through batch scoring', () => {
  let store: SqliteCanonicalStore;
  let analytics: TestAnalytics;
  let registry: ModelRegistry;

  async function current(): Promise<Score[]> {
    const out: Score[] = [];
    for await (const page of store.iterateCurrentScores(spec.name)) out.push(...page);
    return out;
  }

  function tally(scores: readonly Score[]): Record<Tier, number> {
    const out: Record<Tier, number> = { low: 0, medium: 0, high: 0 };
    for (const score of scores) out[score.tier] += 1;
    return out;
  }

  beforeAll(async () => {
    store = await fixtureStore(syntheticBusiness(), {
      now: SYNTHETIC_AS_OF,
      extraMigrations: modelRegistryMigrations,
    });
    analytics = await memoryAnalytics(store);
    registry = ModelRegistry.of(store, new FixedClock(SYNTHETIC_AS_OF));
    await trainAndRegisterBinary(analytics.features, registry, {
      name: spec.name,
      kind: 'churn',
      asOf: SYNTHETIC_AS_OF,
      learner: 'boosting',
    });
  });
  afterAll(async () => {
    analytics.close();
    await store.close();
  });

  it('gives each tier its share of the scored population to within one entity, highest probabilities on top', async () => {
    const [result] = await scoreAll(store, registry, analytics.features, {
      asOf: SYNTHETIC_AS_OF,
      computedAt: LATER,
      specs: [spec],
    });
    const scores = await current();
    const n = scores.length;
    expect(n).toBe(result!.scored);
    expect(n).toBeGreaterThan(30);
    const counts = tally(scores);
    expect(Math.abs(counts.high - 0.1 * n)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.medium - 0.3 * n)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.low - 0.6 * n)).toBeLessThanOrEqual(1);
    // Ranked by probability: no medium above a high, no low above a medium.
    const lowest = (tier: Tier) =>
      Math.min(...scores.filter((s) => s.tier === tier).map((s) => s.probability!));
    const highest = (tier: Tier) =>
      Math.max(...scores.filter((s) => s.tier === tier).map((s) => s.probability!));
    expect(highest('medium')).toBeLessThanOrEqual(lowest('high'));
    expect(highest('low')).toBeLessThanOrEqual(lowest('medium'));
    // Scores carry the instant they describe besides when they were computed.
    expect(scores.every((s) => s.asOf === SYNTHETIC_AS_OF && s.computedAt === LATER)).toBe(true);
    // The history row of this run holds the same (settled) tier as the current row.
    for (const score of scores.slice(0, 25)) {
      const history = await store.scoreHistory('account', score.entityId, spec.name);
      expect(history.at(-1)!.tier).toBe(score.tier);
    }
    const run = registry.latestRun(spec.name)!;
    expect((run.summary as { tiers: Record<Tier, number> }).tiers).toEqual(counts);
    expect(tieringOfSummary(run.summary)).toMatchObject({
      rule: spec.tiers,
      cutsFrom: 'this_run',
      cuts: { population: n },
    });
    expect(result!.summary).toContain(`${counts.high} high, ${counts.medium} medium, ${counts.low} low`);
  });

  it('gives single-entity API scoring the tier batch scoring gave, from the cut points stored with the run', async () => {
    const scorer = new EntityScorer(store, new FixedClock(LATER), {
      specs: [spec],
      bands: DEFAULT_SCORE_BANDS,
    });
    const scores = await current();
    const sample = ['high', 'medium', 'low'].flatMap((tier) =>
      scores.filter((s) => s.tier === tier).slice(0, 4),
    );
    expect(sample.length).toBe(12);
    for (const saved of sample) {
      const answer = await scorer.scoreStored('account', saved.entityId, SYNTHETIC_AS_OF);
      const churn = answer!.scores.find((s) => s.model === spec.name)!;
      expect(churn.probability).toBeCloseTo(saved.probability!, 12);
      expect(churn.tier).toBe(saved.tier);
    }
  });

  it('gives webhook re-scoring of a few entities the tiers of the full run, not shares of the few', async () => {
    const scores = await current();
    // Two of each tier: ranked among themselves, shares of six would make at most one of them high.
    const sample = ['high', 'medium', 'low'].flatMap((tier) =>
      scores.filter((s) => s.tier === tier).slice(0, 2),
    );
    const rescored = await rescoreEntities(
      store,
      registry,
      [spec],
      { account: new Set(sample.map((s) => s.entityId)), contact: new Set() },
      new Date(SYNTHETIC_AS_OF),
      DEFAULT_SCORE_BANDS,
    );
    expect(rescored).toHaveLength(sample.length);
    for (const saved of sample) {
      const again = rescored.find((s) => s.entityId === saved.entityId)!;
      expect(again.probability).toBeCloseTo(saved.probability!, 12);
      expect(again.tier).toBe(saved.tier);
    }
    expect(rescored.filter((s) => s.tier === 'high')).toHaveLength(2);
  });

  it('settles the same tiers when a later run starts from the stored cut points', async () => {
    const before = new Map((await current()).map((s) => [s.entityId, s.tier]));
    await scoreAll(store, registry, analytics.features, {
      asOf: SYNTHETIC_AS_OF,
      computedAt: '2026-06-09T00:00:00.000Z',
      specs: [spec],
    });
    const after = new Map((await current()).map((s) => [s.entityId, s.tier]));
    expect(after).toEqual(before);
  });

  it('tiers a partial run (score --changed) with the last full run cut points, or scores everyone when there are none', async () => {
    const scores = await current();
    const some = scores.slice(0, 5);
    await analytics.engine.exec(
      `CREATE OR REPLACE TABLE sb_changed_account AS SELECT * FROM (VALUES ${some.map((s) => `('${s.entityId}')`).join(', ')}) AS t(entity_id)`,
    );
    const [partial] = await scoreAll(store, registry, analytics.features, {
      asOf: SYNTHETIC_AS_OF,
      computedAt: '2026-06-10T00:00:00.000Z',
      specs: [spec],
      only: { account: 'sb_changed_account' },
    });
    expect(partial!.scored).toBe(5);
    const full = tieringOfSummary(registry.latestRun(spec.name)!.summary);
    expect(full?.cutsFrom).toBe('earlier_run');
    for (const score of some)
      expect((await store.currentScores('account', score.entityId))[0]!.tier).toBe(score.tier);

    // Other shares: the stored cut points do not apply, so the partial run ranks everyone.
    const other = { ...spec, tiers: percentileTierRule(20, 20) };
    const [everyone] = await scoreAll(store, registry, analytics.features, {
      asOf: SYNTHETIC_AS_OF,
      computedAt: '2026-06-11T00:00:00.000Z',
      specs: [other],
      only: { account: 'sb_changed_account' },
    });
    expect(everyone!.scored).toBe(scores.length);
    expect(everyone!.summary).toMatch(
      /^everyone scored: percentile tiers of churn_risk need a full run first/,
    );
    const counts = tally(await current());
    expect(Math.abs(counts.high - 0.2 * scores.length)).toBeLessThanOrEqual(1);
  });
});
