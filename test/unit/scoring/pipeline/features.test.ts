import { describe, expect, it } from 'vitest';
import type { EntityType } from '../../../../core/schema/index.ts';
import { DuckDbEngine } from '../../../../core/store/analytics/duckdb-engine.ts';
import { refreshReplica } from '../../../../core/store/analytics/replicate.ts';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import { builtinFeatureSet, featureNames, featuresForEntity } from '../../../../scoring/features/index.ts';
import { featureBatches, featureEngine } from '../../../../scoring/features/rows/feature-engine.ts';
import {
  addToStore,
  canonicalId,
  type Fixture,
  fixtureStore,
} from '../../../helpers/scoring-pipeline/fixture-store.ts';

const CUTOFF = '2026-01-01T00:00:00.000Z';

const fixture: Fixture = {
  accounts: [
    {
      id: 'A1',
      createdAt: '2025-01-01T00:00:00Z',
      status: 'churned',
      churnedAt: '2026-03-01T00:00:00Z',
      plan: 'Enterprise',
      mrr: 0,
      industry: 'Software',
      employees: 120,
      country: 'Spain',
    },
  ],
  contacts: [
    { id: 'C1', account: 'A1', createdAt: '2025-01-10T00:00:00Z', role: 'champion' },
    { id: 'C2', account: 'A1', createdAt: '2025-02-01T00:00:00Z', role: 'user' },
  ],
  deals: [
    {
      id: 'D1',
      account: 'A1',
      contact: 'C1',
      status: 'won',
      createdAt: '2025-01-15T00:00:00Z',
      closedAt: '2025-02-01T00:00:00Z',
      amount: 12000,
    },
  ],
  events: [
    { id: 'e1', type: 'login', at: '2025-12-30T10:00:00Z', contact: 'C1' },
    { id: 'e2', type: 'login', at: '2025-12-20T10:00:00Z', contact: 'C2', account: 'A1' },
    { id: 'e3', type: 'login', at: '2025-10-15T10:00:00Z', contact: 'C1' },
    {
      id: 'e4',
      type: 'feature_use',
      at: '2025-12-29T10:00:00Z',
      contact: 'C1',
      properties: { feature: 'reports' },
    },
    {
      id: 'e5',
      type: 'feature_use',
      at: '2025-11-15T10:00:00Z',
      contact: 'C2',
      properties: { feature: 'api' },
    },
    {
      id: 'e6',
      type: 'feature_use',
      at: '2025-03-01T10:00:00Z',
      contact: 'C2',
      properties: { feature: 'sso' },
    },
    {
      id: 'e7',
      type: 'support_ticket',
      at: '2025-12-10T10:00:00Z',
      contact: 'C2',
      properties: { severity: 'urgent' },
    },
    {
      id: 'e8',
      type: 'support_ticket',
      at: '2025-11-10T10:00:00Z',
      account: 'A1',
      properties: { severity: 'low' },
    },
    { id: 'e9', type: 'purchase', at: '2025-11-01T00:00:00Z', contact: 'C1', value: 1000 },
    { id: 'e10', type: 'purchase', at: '2025-12-01T00:00:00Z', contact: 'C1', value: 1200 },
    {
      id: 'e11',
      type: 'subscription_change',
      at: '2025-02-01T00:00:00Z',
      contact: 'C1',
      value: 1000,
      properties: { plan: 'Growth', seats: 4 },
    },
    {
      id: 'e12',
      type: 'page_view',
      at: '2025-12-31T23:59:59Z',
      contact: 'C1',
      properties: { page: '/pricing' },
    },
  ],
};

/** Events after the cutoff: a login, a downgrade and the churn; none may change features at the cutoff. */
const future: Fixture = {
  events: [
    { id: 'f1', type: 'login', at: CUTOFF, contact: 'C1' },
    { id: 'f2', type: 'login', at: '2026-01-05T00:00:00Z', contact: 'C2' },
    {
      id: 'f3',
      type: 'subscription_change',
      at: '2026-03-01T00:00:00Z',
      contact: 'C1',
      value: 0,
      properties: { plan: 'Growth', seats: 0 },
    },
    {
      id: 'f4',
      type: 'support_ticket',
      at: '2026-02-01T00:00:00Z',
      contact: 'C2',
      properties: { severity: 'urgent' },
    },
  ],
  deals: [
    {
      id: 'D2',
      account: 'A1',
      contact: 'C2',
      status: 'lost',
      createdAt: '2026-01-10T00:00:00Z',
      closedAt: '2026-02-10T00:00:00Z',
    },
  ],
};

function byName(
  names: readonly string[],
  values: readonly (number | string | null)[],
): Record<string, number | string | null> {
  return Object.fromEntries(names.map((name, j) => [name, values[j] ?? null]));
}

/** One entity's features at a cutoff through the SQL compiler, on an in-memory replica of the store. */
async function sqlFeatures(store: SqliteCanonicalStore, type: EntityType, id: string, cutoff: string) {
  const engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
  try {
    await refreshReplica(store.database, engine);
    const cutoffMs = Date.parse(cutoff.length === 10 ? `${cutoff}T00:00:00Z` : cutoff);
    await engine.exec(
      `CREATE TEMP TABLE t AS SELECT 1 AS row_id, '${id}' AS entity_id, ${cutoffMs}::DOUBLE AS cutoff_ms`,
    );
    const set = builtinFeatureSet(type);
    for await (const batch of featureBatches(featureEngine(engine), set.plan, 't')) {
      return batch.table.numbers.map((column, j) => (column ? column[0]! : batch.table.texts[j]![0]!));
    }
    return null;
  } finally {
    engine.close();
  }
}

/** The evaluator's values, after checking the SQL compiler gives the same ones. */
async function both(store: SqliteCanonicalStore, type: EntityType, id: string, cutoff: string) {
  const result = await featuresForEntity(store, type, id, cutoff);
  const inSql = await sqlFeatures(store, type, id, cutoff);
  expect(inSql).not.toBeNull();
  result!.values.forEach((value, j) => {
    const other = inSql![j];
    if (typeof value === 'number' && Number.isNaN(value)) expect(other, result!.featureNames[j]).toBeNaN();
    else if (typeof value === 'number')
      expect(other as number, result!.featureNames[j]).toBeCloseTo(value, 9);
    else expect(other, result!.featureNames[j]).toBe(value);
  });
  return result;
}

describe('point-in-time features, in process and in SQL', () => {
  it('computes exact account features from the events strictly before the cutoff', async () => {
    const store = await fixtureStore(fixture);
    const result = await both(store, 'account', await canonicalId(store, 'account', 'A1'), CUTOFF);
    const f = byName(result!.featureNames, result!.values);
    expect(f.login_7d).toBe(1);
    expect(f.login_30d).toBe(2);
    expect(f.login_90d).toBe(3);
    expect(f.days_since_last_login).toBeCloseTo(
      (Date.parse(CUTOFF) - Date.parse('2025-12-30T10:00:00Z')) / 86_400_000,
      9,
    );
    expect(f.days_since_last_activity).toBeCloseTo(1 / 86_400, 9);
    expect(f.features_used_30d).toBe(1);
    expect(f.features_used_90d).toBe(2);
    expect(f.features_used_ever).toBe(3);
    expect(f.active_users_30d).toBe(2);
    expect(f.seats).toBe(4);
    expect(f.seat_utilisation_30d).toBe(0.5);
    expect(f.support_ticket_90d).toBe(2);
    expect(f.ticket_severity_90d).toBe(3.5);
    expect(f.high_severity_tickets_90d).toBe(1);
    expect(f.purchases_365d).toBe(2);
    expect(f.purchase_amount_365d).toBe(2200);
    expect(f.average_purchase_amount).toBe(1100);
    expect(f.mrr).toBe(1000);
    expect(f.plan).toBe('Growth');
    expect(f.industry).toBe('Software');
    expect(f.employees).toBe(120);
    expect(f.won_deals).toBe(1);
    expect(f.customer_tenure_days).toBe(334);
    expect(f.account_age_days).toBe(365);
    expect(f.login_trend_30_30).toBe(Math.min(10, 2 / 30 / (0.5 / 30)) - 1);
    await store.close();
  });

  it('gives the same features whatever happens after the cutoff', async () => {
    const store = await fixtureStore(fixture);
    const before = {
      account: await both(store, 'account', await canonicalId(store, 'account', 'A1'), CUTOFF),
      contact: await both(store, 'contact', await canonicalId(store, 'contact', 'C1'), CUTOFF),
    };
    const sqlBefore = await sqlFeatures(store, 'account', await canonicalId(store, 'account', 'A1'), CUTOFF);
    await addToStore(store, future);
    const after = {
      account: await both(store, 'account', await canonicalId(store, 'account', 'A1'), CUTOFF),
      contact: await both(store, 'contact', await canonicalId(store, 'contact', 'C1'), CUTOFF),
    };
    expect(after.account!.values).toEqual(before.account!.values);
    expect(after.contact!.values).toEqual(before.contact!.values);
    expect(await sqlFeatures(store, 'account', await canonicalId(store, 'account', 'A1'), CUTOFF)).toEqual(
      sqlBefore,
    );
    const later = await both(store, 'account', await canonicalId(store, 'account', 'A1'), '2026-01-06');
    expect(byName(later!.featureNames, later!.values).login_7d).toBe(3);
    await store.close();
  });

  it('never reads churn status, churn date or lifecycle stage', async () => {
    const twin = (status: 'active' | 'churned', churnedAt?: string): Fixture => ({
      ...fixture,
      accounts: [
        {
          ...fixture.accounts![0]!,
          status,
          ...(churnedAt ? { churnedAt } : {}),
          mrr: status === 'active' ? 1000 : 0,
        },
      ],
      contacts: fixture.contacts!.map((c) => ({
        ...c,
        lifecycleStage: status === 'churned' ? 'former_customer' : 'customer',
      })),
    });
    const churned = await fixtureStore(twin('churned', '2026-03-01T00:00:00Z'));
    const active = await fixtureStore(twin('active'));
    for (const [type, id] of [
      ['account', 'A1'],
      ['contact', 'C2'],
    ] as const) {
      const a = await both(churned, type, await canonicalId(churned, type, id), CUTOFF);
      const b = await both(active, type, await canonicalId(active, type, id), CUTOFF);
      expect(a!.values).toEqual(b!.values);
    }
    await churned.close();
    await active.close();
  });

  it('computes contact intent and account-wide engagement for leads', async () => {
    const store = await fixtureStore(fixture);
    const result = await both(store, 'contact', await canonicalId(store, 'contact', 'C1'), CUTOFF);
    const f = byName(result!.featureNames, result!.values);
    expect(f.pricing_page_views_30d).toBe(1);
    expect(f.login_30d).toBe(1);
    expect(f.account_logins_30d).toBe(2);
    expect(f.account_engaged_people_90d).toBe(2);
    expect(f.role).toBe('champion');
    expect(f.contact_age_days).toBe(356);
    expect(f.unsubscribed).toBe(0);
    await store.close();
  });

  it('defines every feature once, with a descriptor for its reasons', () => {
    for (const set of [builtinFeatureSet('contact'), builtinFeatureSet('account')]) {
      const names = featureNames(set);
      expect(new Set(names).size).toBe(names.length);
      for (const feature of set.plan.features) expect(feature.descriptor.label.length).toBeGreaterThan(0);
    }
  });
});
