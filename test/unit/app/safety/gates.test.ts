import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SafetyConfig, safetySchema } from '../../../../app/config/safety.ts';
import { readDataFreshness } from '../../../../app/safety/data-freshness.ts';
import { evaluateGates } from '../../../../app/safety/gates.ts';
import { recordWrittenTiers } from '../../../../app/safety/tier-changes.ts';
import { destinations } from '../../../../app/safety/write-gates.ts';
import { openProductStore } from '../../../../app/store.ts';
import { FixedClock } from '../../../../core/clock.ts';
import type { Score } from '../../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import { ModelRegistry } from '../../../../scoring/registry/model-registry.ts';
import { DIALECTS } from '../../../helpers/dialect-database.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../../helpers/postgres-store.ts';

const clock = new FixedClock('2026-11-01T06:00:00.000Z');
const MODEL = 'churn_risk';
const model = { name: MODEL, entity: 'account' as const };
const destination = destinations.writeBack('hubspot');

function score(id: string, tier: Score['tier'], version = '1'): Score {
  return {
    entityType: 'account',
    entityId: id,
    model: MODEL,
    kind: 'churn',
    modelVersion: version,
    probability: 0.5,
    value: 50,
    tier,
    reasons: [],
    amount: null,
    action: null,
    computedAt: '2026-11-01T01:00:00.000Z',
  };
}

describe.each(DIALECTS)('evaluateGates on %s', (dialect) => {
  let store: SqliteCanonicalStore;
  let postgres: PostgresTestStore | undefined;
  let registry: ModelRegistry;

  const check = (safety: SafetyConfig = safetySchema.parse(undefined)) =>
    evaluateGates({
      db: store.database,
      registry,
      safety,
      destination,
      models: [model],
      freshness: readDataFreshness(store.database, clock.now()),
    });

  function addVersion(): number {
    return registry.add({
      name: MODEL,
      kind: 'churn',
      entity: 'account',
      asOf: '2026-11-01T00:00:00.000Z',
      trainingWindow: { from: '2025-09-01T00:00:00.000Z', to: '2026-08-03T00:00:00.000Z' },
      features: ['login_30d'],
      metrics: {},
      fingerprint: 'gates-unit',
      artifact: {},
    }).version;
  }

  function recordDrift(version: number, status: 'ok' | 'alert', psi: number) {
    registry.recordRun({
      name: MODEL,
      version,
      asOf: '2026-11-01T00:00:00.000Z',
      rows: 4,
      summary: {
        drift: { rows: 4, score: { psi, status }, features: [], alert: status === 'alert' ? 2 : 0, warn: 0 },
      },
    });
  }

  beforeEach(async () => {
    if (dialect === 'postgres') {
      postgres = await openPostgresTestStore(clock);
      store = postgres.store;
    } else
      store = await openProductStore(
        path.join(mkdtempSync(path.join(tmpdir(), 'sb-gates-')), 'store.db'),
        clock,
      );
    registry = ModelRegistry.of(store, clock);
  });
  afterEach(async () => {
    if (postgres) await postgres.dispose();
    else await store.close();
    postgres = undefined;
  });

  it('is clear for a promoted model without drift, on its first write', async () => {
    registry.promote(MODEL, addVersion(), 'test');
    await store.saveScores(['a', 'b', 'c', 'd'].map((id) => score(id, 'low')));
    recordDrift(1, 'ok', 0.01);
    const report = check();
    expect(report.tripped).toEqual([]);
    expect(report.models[0]!.health).toMatchObject({ promotedVersion: 1, scores: 4, unpromoted: [] });
    expect(report.models[0]!.tierChanges.added).toBe(4);
  });

  it('holds scores of a model with no promoted version, and scores from a version that is not the promoted one', async () => {
    addVersion();
    await store.saveScores(['a', 'b'].map((id) => score(id, 'low')));
    expect(check().tripped).toEqual([
      expect.objectContaining({
        gate: 'unpromoted_model',
        message: expect.stringMatching(/churn_risk: no version is promoted, yet 2 scores are current/),
      }),
    ]);
    registry.promote(MODEL, addVersion(), 'retrained');
    expect(check().tripped.map((trip) => trip.message)).toEqual([
      expect.stringMatching(/2 current scores come from v1, which is not the promoted version \(v2\)/),
    ]);
    expect(check(safetySchema.parse({ holdOnUnpromotedModel: false })).tripped).toEqual([]);
  });

  it('holds on a drift alert of the promoted version only, unless turned off', async () => {
    const first = addVersion();
    registry.promote(MODEL, first, 'test');
    await store.saveScores(['a', 'b', 'c', 'd'].map((id) => score(id, 'low')));
    recordDrift(first, 'alert', 0.42);
    const tripped = check().tripped;
    expect(tripped.map((trip) => trip.gate)).toEqual(['drift_alert']);
    expect(tripped[0]!.message).toMatch(
      /churn_risk v1: score drift PSI 0\.420 is at alert .* 4 records; 2 features alert/,
    );
    expect(check(safetySchema.parse({ holdOnDriftAlert: false })).tripped).toEqual([]);
    // A newer promoted version has not been scored yet: the old version's drift is not its drift.
    const second = addVersion();
    registry.promote(MODEL, second, 'retrained');
    expect(check().tripped.map((trip) => trip.gate)).toEqual(['unpromoted_model']);
  });

  it('holds when more than the configured share changed tier since the last write there, exactly at the limit it goes ahead', async () => {
    registry.promote(MODEL, addVersion(), 'test');
    const ids = ['a', 'b', 'c', 'd', 'e'];
    await store.saveScores(ids.map((id) => score(id, 'low')));
    recordWrittenTiers(store.database, destination.key, [MODEL], clock.now());
    await store.saveScores([score('a', 'high')]);
    expect(check().tripped).toEqual([]);
    await store.saveScores([score('b', 'medium')]);
    const tripped = check().tripped;
    expect(tripped.map((trip) => trip.gate)).toEqual(['tier_change_share']);
    expect(tripped[0]!.message).toMatch(
      /churn_risk: 2 of 5 accounts \(40%\) changed tier since the last write-back to hubspot \(2026-11-01 06:00 UTC\); safety.maxTierChangeShare is 20%\. low → high 1, low → medium 1/,
    );
    expect(check(safetySchema.parse({ maxTierChangeShare: 'off' })).tripped).toEqual([]);
    expect(check(safetySchema.parse({ maxTierChangeShare: '50%' })).tripped).toEqual([]);
  });

  it('trips on stale data measured from the newest event, and not with maxDataAge off', async () => {
    store.database
      .prepare("INSERT INTO events (source_key, type, occurred_at) VALUES ('test:e1', 'login', ?)")
      .run('2026-10-20T10:00:00.000Z');
    const report = check();
    expect(report.freshness).toMatchObject({
      stale: true,
      source: 'events',
      newestAt: '2026-10-20T10:00:00.000Z',
    });
    expect(report.tripped[0]!.message).toMatch(
      /from 2026-10-20 10:00 UTC, 11 days 20 hours ago; safety.maxDataAge is 2 days/,
    );
    expect(check(safetySchema.parse({ maxDataAge: 'off' })).tripped).toEqual([]);
  });
});
