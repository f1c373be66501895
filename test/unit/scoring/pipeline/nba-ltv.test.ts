import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import { scoreAll } from '../../../../scoring/batch/score-all.ts';
import { predictLtv, subscriptionValue } from '../../../../scoring/models/ltv-model.ts';
import { ltvValue, trainLtvModel } from '../../../../scoring/models/ltv-trainer.ts';
import {
  defaultCatalog,
  isEligible,
  parseNbaCatalog,
  ruleChoice,
} from '../../../../scoring/models/nba-catalog.ts';
import { trainNbaModel } from '../../../../scoring/models/nba-trainer.ts';
import { trainAndRegisterNba } from '../../../../scoring/models/register-nba.ts';
import { modelRegistryMigrations } from '../../../../scoring/registry/migration.ts';
import { ModelRegistry } from '../../../../scoring/registry/model-registry.ts';
import { memoryAnalytics } from '../../../helpers/scoring-pipeline/analytics.ts';
import { type FixtureEvent, fixtureStore } from '../../../helpers/scoring-pipeline/fixture-store.ts';
import {
  DECISION_ACTIONS,
  SYNTHETIC_AS_OF,
  syntheticBusiness,
} from '../../../helpers/scoring-pipeline/synthetic-business.ts';

const everyAction = DECISION_ACTIONS.map((id, priority) => ({ id, label: id, priority }));

describe('next best action', () => {
  it('evaluates eligibility rules written as data and picks the highest-priority eligible action', () => {
    const catalog = defaultCatalog('account');
    const calm = { values: { churn_probability: 0.1, features_used_90d: 6, plan: 'Growth' } };
    const risky = { values: { churn_probability: 0.6, features_used_90d: 2, plan: 'Starter' } };
    const riskyEnterprise = { values: { churn_probability: 0.6, features_used_90d: 9, plan: 'Enterprise' } };
    expect(ruleChoice(catalog, calm).id).toBe('nurture_email');
    expect(ruleChoice(catalog, risky).id).toBe('discount_offer');
    expect(ruleChoice(catalog, riskyEnterprise).id).toBe('csm_call');
    expect(
      isEligible(catalog.find((a) => a.id === 'csm_call')!, { values: { churn_probability: null } }),
    ).toBe(false);
    expect(() =>
      parseNbaCatalog([{ id: 'x', label: 'X', when: [{ feature: 'a', op: '>', value: 1 }] }]),
    ).toThrow(/without conditions/);
    expect(() => parseNbaCatalog([{ id: 'Bad Id', label: 'X' }])).toThrow(/lower snake case/);
  });

  it('ships the priority rules without a decision log, and names unknown rule features', async () => {
    const store = await fixtureStore(syntheticBusiness({ customers: 30, prospects: 0 }), {
      now: SYNTHETIC_AS_OF,
      extraMigrations: modelRegistryMigrations,
    });
    const analytics = await memoryAnalytics(store);
    const registry = ModelRegistry.of(store, new FixedClock(SYNTHETIC_AS_OF));
    const { trained } = await trainAndRegisterNba(analytics.features, registry, {
      name: 'nba',
      asOf: SYNTHETIC_AS_OF,
      entityType: 'account',
    });
    expect(trained.artifact.policy.type).toBe('rules');
    expect(trained.artifact.gate.ran).toBe(false);
    const [scored] = await scoreAll(store, registry, analytics.features, {
      asOf: SYNTHETIC_AS_OF,
      specs: [{ name: 'nba', kind: 'nba', entity: 'account', horizonDays: 30, enabled: true }],
    });
    expect(scored!.scored).toBeGreaterThan(0);
    const actions = (registry.latestRun('nba')!.summary as { actions: Record<string, number> }).actions;
    expect(Object.keys(actions)).toContain('training_webinar');
    const typo = [
      { id: 'a', label: 'A' },
      { id: 'b', label: 'B', when: [{ feature: 'login_30', op: '>=', value: 1 }] },
    ];
    await expect(
      trainNbaModel(analytics.features, { asOf: SYNTHETIC_AS_OF, entityType: 'account', actions: typo }),
    ).rejects.toThrow(/"login_30" \(did you mean "login_30d"\?\)/);
    analytics.close();
    await store.close();
  });

  it('runs the ship gate on a randomised log and keeps the best single action when learning does not beat it', async () => {
    const clock = new FixedClock(SYNTHETIC_AS_OF);
    const fixture = syntheticBusiness({ customers: 150, prospects: 0, decisions: { csmCallEffect: 1 } });
    const store = await fixtureStore(fixture, {
      now: SYNTHETIC_AS_OF,
      extraMigrations: modelRegistryMigrations,
    });
    const registry = ModelRegistry.of(store, clock);
    const analytics = await memoryAnalytics(store);
    const result = await trainAndRegisterNba(analytics.features, registry, {
      name: 'nba',
      asOf: SYNTHETIC_AS_OF,
      entityType: 'account',
      horizonDays: 30,
      actions: everyAction,
    });
    const { artifact, metrics } = result.trained;
    expect(metrics.logRows).toBeGreaterThan(200);
    expect(artifact.gate.ran).toBe(true);
    expect(artifact.policy.type).toBe('single');
    expect(artifact.gate.reason).toMatch(/does not beat it by more than 2 SE/);
    expect(Number.isFinite(metrics.policyValue!.ips)).toBe(true);
    expect(result.record.status).toBe('promoted');
    analytics.close();
    await store.close();
  });
});

describe('lifetime value', () => {
  it('values a subscription as discounted MRR over the months it is expected to survive', () => {
    const params = {
      bgnbd: null,
      gammaGamma: null,
      fallbackSpend: 0,
      baselineMonthlyChurn: 0.05,
      churnHorizonDays: 90,
      monthlyDiscountRate: 0,
    };
    const facts = {
      accountId: 'a',
      frequency: 0,
      recency: 0,
      age: 0,
      monetaryValue: 0,
      purchases: 0,
      mrr: 100,
      churnProbability: 0,
    };
    expect(subscriptionValue(facts, params, 365.25)).toBeCloseTo(1200, 6);
    const churny = { ...facts, churnProbability: Number.NaN };
    const expected = Array.from({ length: 12 }, (_, m) => 100 * 0.95 ** m).reduce((a, b) => a + b, 0);
    expect(subscriptionValue(churny, params, 365.25)).toBeCloseTo(expected, 6);
    expect(predictLtv({ ...facts, mrr: Number.NaN }, params, 365).method).toBe('none');
    expect(ltvValue(5, [0, 1, 2, 3, 10])).toBe(75);
    expect(ltvValue(11, [0, 1, 2, 3, 10])).toBe(100);
    expect(ltvValue(0, [0, 1, 2, 3, 10])).toBe(0);
  });

  it('fits BG/NBD + Gamma-Gamma for accounts that buy without a subscription and validates on later revenue', async () => {
    const events: FixtureEvent[] = [];
    const accounts = Array.from({ length: 60 }, (_, i) => ({
      id: `T${i}`,
      createdAt: '2024-01-01T00:00:00Z',
    }));
    let n = 0;
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    accounts.forEach((account, i) => {
      const meanGap = 8 + (i % 7) * 10;
      const lifetime = 120 + next() * 500;
      for (
        let day = Math.floor(next() * 30);
        day < lifetime;
        day += 1 + Math.floor(-Math.log(1 - next()) * meanGap)
      ) {
        events.push({
          id: `p${n++}`,
          type: 'purchase',
          at: new Date(Date.parse('2025-01-01T00:00:00Z') + day * 86_400_000).toISOString(),
          account: account.id,
          value: 20 + (i % 4) * 15 + (day % 3),
        });
      }
    });
    const store = await fixtureStore({ accounts, events }, { now: '2025-12-01T00:00:00Z' });
    const analytics = await memoryAnalytics(store);
    const trained = await trainLtvModel(analytics.features, {
      asOf: '2025-12-01T00:00:00Z',
      horizonDays: 365,
      evaluationDays: 120,
    });
    expect(trained.metrics.byMethod.btyd).toBe(trained.metrics.rows);
    expect(trained.artifact.params.bgnbd).not.toBeNull();
    expect(trained.artifact.params.gammaGamma).not.toBeNull();
    expect(trained.metrics.spearman).toBeGreaterThan(0.3);
    expect(trained.metrics.totalRatio).toBeGreaterThan(0);
    analytics.close();
    await store.close();
  });
});
