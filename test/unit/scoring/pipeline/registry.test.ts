import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import { trainAndRegisterBinary } from '../../../../scoring/models/register-binary.ts';
import { modelRegistryMigrations } from '../../../../scoring/registry/migration.ts';
import { ModelRegistry } from '../../../../scoring/registry/model-registry.ts';
import { decidePromotion, ROC_AUC_RULE } from '../../../../scoring/registry/promotion.ts';
import { DIALECTS, type DialectDatabase, openDialectDatabase } from '../../../helpers/dialect-database.ts';
import { memoryAnalytics } from '../../../helpers/scoring-pipeline/analytics.ts';
import { fixtureStore } from '../../../helpers/scoring-pipeline/fixture-store.ts';
import { SYNTHETIC_AS_OF, syntheticBusiness } from '../../../helpers/scoring-pipeline/synthetic-business.ts';

describe('promotion rule', () => {
  it('promotes only a candidate that is not worse than the champion on the same holdout', () => {
    expect(decidePromotion(0.8, null, ROC_AUC_RULE).promote).toBe(true);
    expect(decidePromotion(0.8, 0.803, ROC_AUC_RULE).promote).toBe(true);
    const worse = decidePromotion(0.78, 0.8, ROC_AUC_RULE);
    expect(worse.promote).toBe(false);
    expect(worse.reason).toMatch(/worse than the current model/);
    expect(decidePromotion(Number.NaN, 0.8, ROC_AUC_RULE).promote).toBe(false);
    expect(decidePromotion(0.7, Number.NaN, ROC_AUC_RULE).promote).toBe(true);
    const lowerIsBetter = { metric: 'MAE', higherIsBetter: false, tolerance: 1 };
    expect(decidePromotion(10, 9.5, lowerIsBetter).promote).toBe(true);
    expect(decidePromotion(12, 9.5, lowerIsBetter).promote).toBe(false);
  });
});

const opened: DialectDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.dispose();
});

/** The registry in the fixture store itself (SQLite), or in a Postgres database of its own. */
async function registryDatabase(dialect: (typeof DIALECTS)[number], migrations = modelRegistryMigrations) {
  const database = await openDialectDatabase(dialect, migrations);
  opened.push(database);
  return database.db;
}

describe.each(DIALECTS)('model registry on %s', (dialect) => {
  it('keeps the champion when a retrained model is worse on the new holdout', async () => {
    const clock = new FixedClock(SYNTHETIC_AS_OF);
    const store = await fixtureStore(syntheticBusiness(), {
      now: SYNTHETIC_AS_OF,
      extraMigrations: modelRegistryMigrations,
    });
    const registry =
      dialect === 'sqlite'
        ? ModelRegistry.of(store, clock)
        : new ModelRegistry(await registryDatabase(dialect), clock);
    const analytics = await memoryAnalytics(store);
    const fe = analytics.features;
    const common = {
      name: 'churn_risk',
      kind: 'churn' as const,
      asOf: SYNTHETIC_AS_OF,
      learner: 'boosting' as const,
    };
    const first = await trainAndRegisterBinary(fe, registry, common);
    expect(first.record.status).toBe('promoted');
    expect(first.record.version).toBe(1);
    expect(first.trained.metrics.holdout.rocAuc).toBeGreaterThan(0.8);

    // A one-split stump on the same data: clearly worse on the same holdout.
    clock.advance(3_600_000);
    const stump = await trainAndRegisterBinary(fe, registry, {
      ...common,
      params: { boosting: { maxIter: 1, maxLeaves: 2 } },
    });
    expect(stump.trained.metrics.holdout.rocAuc).toBeLessThan(first.trained.metrics.holdout.rocAuc - 0.005);
    expect(stump.record.status).toBe('rejected');
    expect(stump.record.promotionReason).toMatch(/worse than the current model/);
    const metrics = stump.record.metrics as { championOnHoldout: number; championVersion: number };
    expect(metrics.championVersion).toBe(1);
    expect(metrics.championOnHoldout).toBeCloseTo(first.trained.metrics.holdout.rocAuc, 10);
    expect(registry.promoted('churn_risk')?.version).toBe(1);

    const again = await trainAndRegisterBinary(fe, registry, common);
    expect(again.record.status).toBe('promoted');
    expect(registry.promoted('churn_risk')?.version).toBe(3);
    expect(registry.get('churn_risk', 1)?.status).toBe('retired');
    expect(registry.list('churn_risk').map((r) => r.version)).toEqual([3, 2, 1]);
    expect(again.record.fingerprint).toBe(first.record.fingerprint);
    expect(again.record.features).toContain('login_30d');
    expect(again.record.trainingWindow.to).toBe(first.record.trainingWindow.to);
    analytics.close();
    await store.close();
  });

  it('refuses to open on a store without the registry tables', async () => {
    const db = await registryDatabase(dialect, []);
    expect(() => new ModelRegistry(db, new FixedClock(SYNTHETIC_AS_OF))).toThrow(/modelRegistryMigrations/);
  });
});
