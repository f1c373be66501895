import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACET_TTL_MS, FacetCache } from '../../../app/server/dashboard/facet-cache.ts';
import { loadOverview } from '../../../app/server/dashboard/overview-data.ts';
import { loadFunnels } from '../../../app/server/dashboard/sequence-data.ts';
import { PromotedModelCache } from '../../../app/server/scoring/promoted-models.ts';
import { ResultCache } from '../../../app/server/scoring/result-cache.ts';
import { StoreVersion } from '../../../app/server/scoring/store-version.ts';
import { FixedClock } from '../../../core/clock.ts';
import { PostgresSyncDatabase } from '../../../core/store/postgres/sync-database.ts';
import { tableExists } from '../../../core/store/sql/table-exists.ts';
import { DEFAULT_SCORE_BANDS } from '../../../scoring/calibration/score-bands.ts';
import { ModelRegistry, type NewModel } from '../../../scoring/registry/model-registry.ts';
import { churnScore } from '../../helpers/churn-score.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../helpers/postgres-store.ts';
import { account, batch } from '../../helpers/records.ts';

const clock = new FixedClock('2026-11-09T12:00:00Z');

function model(name: string): NewModel {
  return {
    name,
    kind: 'churn',
    entity: 'account',
    asOf: '2026-11-01T00:00:00.000Z',
    trainingWindow: { from: '2026-05-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' },
    features: ['logins_30d'],
    metrics: { auc: 0.8 },
    fingerprint: 'f1',
    artifact: { weights: [1] },
  };
}

const churn = (entityId: string, value: number, computedAt: string) =>
  churnScore(entityId, value, computedAt);

describe('server modules on a Postgres store', () => {
  let pg: PostgresTestStore;
  let other: PostgresSyncDatabase;

  beforeAll(async () => {
    pg = await openPostgresTestStore(clock);
    other = new PostgresSyncDatabase({ url: pg.database.url });
  }, 60_000);

  afterAll(async () => {
    other?.close();
    await pg?.dispose();
  });

  it("sees another connection's write in its store version, and drops the cached answers read before it", async () => {
    const version = new StoreVersion(other);
    const cache = new ResultCache<string>(other, 10);
    const readAt = cache.version();
    cache.set('acme', 'answer before the write', readAt);
    expect(version.current()).toBe(version.current());
    expect(cache.get('acme')).toBe('answer before the write');
    // Another replica (here: the other connection) writes; this one must not serve the old answer.
    await pg.store.saveScores([churn('a-1', 40, '2026-11-08T00:00:00.000Z')]);
    expect(version.current()).not.toBe(readAt);
    expect(cache.get('acme')).toBeUndefined();
  });

  it('numbers model versions per name, records runs with their ids and keeps one champion', () => {
    const registry = new ModelRegistry(pg.db, clock);
    const elsewhere = new ModelRegistry(other, clock);
    expect(registry.add(model('churn_risk')).version).toBe(1);
    expect(elsewhere.add(model('churn_risk')).version).toBe(2);
    expect(registry.add(model('lead_score')).version).toBe(1);
    const first = registry.recordRun({
      name: 'churn_risk',
      version: 1,
      asOf: clock.now().toISOString(),
      rows: 3,
      summary: { tiers: { low: 3 } },
    });
    const second = elsewhere.recordRun({
      name: 'churn_risk',
      version: 1,
      asOf: clock.now().toISOString(),
      rows: 4,
      summary: { tiers: { low: 4 } },
    });
    expect(second.id).toBeGreaterThan(first.id);
    expect(registry.latestRun('churn_risk')).toMatchObject({ id: second.id, rows: 4 });
    registry.promote('churn_risk', 1, 'first');
    elsewhere.promote('churn_risk', 2, 'better');
    expect(registry.list('churn_risk').map((m) => [m.version, m.status])).toEqual([
      [2, 'promoted'],
      [1, 'retired'],
    ]);
  });

  it('reads the promoted set signature (string_agg on Postgres) without a model spec', () => {
    const cache = new PromotedModelCache(pg.store, new ModelRegistry(pg.db, clock), [], DEFAULT_SCORE_BANDS);
    expect(cache.get()).toBe(cache.get());
  });

  it('builds the dashboard overview: churn risers, trends and funnels', async () => {
    await pg.store.applyBatch(batch('accounts', [account('hubspot', 'acme-1', { name: 'Acme' })]));
    const id = String((pg.db.prepare('SELECT id FROM accounts').get() as { id: string }).id);
    await pg.store.saveScores([churn(id, 30, '2026-11-01T00:00:00.000Z')]);
    await pg.store.saveScores([churn(id, 85, '2026-11-08T00:00:00.000Z')]);
    const overview = await loadOverview(pg.store, clock.now().toISOString(), 30, ['churn_risk']);
    expect(overview.risers).toMatchObject([
      {
        accountId: id,
        accountName: 'Acme',
        before: 30,
        now: 85,
        tierBefore: 'low',
        tierNow: 'high',
        reason: 'fewer logins',
      },
    ]);
    expect(overview.trend.map((t) => [t.model, t.day, t.bucket, t.count])).toEqual(
      [
        ['churn_risk', '2026-11-09', 'low', 3],
        ['churn_risk', '2026-11-09', 'low', 4],
      ].slice(1),
    );
    expect(tableExists(pg.db, 'enrollments')).toBe(true);
    expect(tableExists(pg.db, 'no_such_table')).toBe(false);
    expect(loadFunnels(pg.db)).toEqual([]);
  });

  it('shows every replica the same filter counts, recounted once they are a few minutes old', async () => {
    const clockA = new FixedClock('2026-11-09T12:00:00Z');
    const onA = new FacetCache(pg.db, clockA);
    const onB = new FacetCache(other, new FixedClock('2026-11-09T12:01:00Z'));
    await pg.store.applyBatch(
      batch('accounts', [account('hubspot', 'facet-1', { name: 'Initech', ownerId: 'owner-9' })]),
    );
    const first = onA.get('account');
    expect(first.owners).toContainEqual({ value: 'owner-9', count: 1 });
    await pg.store.applyBatch(
      batch('accounts', [account('hubspot', 'facet-2', { name: 'Globex', ownerId: 'owner-9' })]),
    );
    // B counts nothing itself: it shows the count A made a minute ago, as A does.
    expect(onB.get('account')).toEqual(first);
    expect(onA.get('account')).toEqual(first);
    clockA.advance(FACET_TTL_MS);
    const recounted = onA.get('account');
    expect(recounted.owners).toContainEqual({ value: 'owner-9', count: 2 });
    expect(onB.get('account')).toEqual(recounted);
  });
});
