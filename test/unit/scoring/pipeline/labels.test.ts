import { describe, expect, it } from 'vitest';
import type {
  AccountSnapshot,
  ContactSnapshot,
  EntitySnapshot,
} from '../../../../scoring/features/snapshot.ts';
import { walkSnapshots } from '../../../../scoring/features/snapshot.ts';
import { targetsSql } from '../../../../scoring/features/sql/populations.ts';
import { DAY_MS } from '../../../../scoring/features/time.ts';
import { planCutoffList, planCutoffs } from '../../../../scoring/labels/cutoffs.ts';
import { churnLabel, leadLabel } from '../../../../scoring/labels/populations.ts';
import { memoryAnalytics } from '../../../helpers/scoring-pipeline/analytics.ts';
import { type Fixture, fixtureStore } from '../../../helpers/scoring-pipeline/fixture-store.ts';

const fixture: Fixture = {
  accounts: [
    { id: 'CHURNS', createdAt: '2025-01-01T00:00:00Z', status: 'churned', churnedAt: '2026-03-01T00:00:00Z' },
    { id: 'BUYS', createdAt: '2025-06-01T00:00:00Z', status: 'active' },
    { id: 'UNTIMED', createdAt: '2025-01-01T00:00:00Z', status: 'churned' },
  ],
  contacts: [
    { id: 'LEAD', account: 'BUYS', createdAt: '2025-06-01T00:00:00Z' },
    { id: 'LATE', account: 'BUYS', createdAt: '2026-01-15T00:00:00Z' },
    { id: 'CUSTOMER_NO_DATE', createdAt: '2025-01-01T00:00:00Z', lifecycleStage: 'customer' },
  ],
  deals: [
    {
      id: 'W1',
      account: 'CHURNS',
      status: 'won',
      createdAt: '2025-01-10T00:00:00Z',
      closedAt: '2025-02-01T00:00:00Z',
    },
    {
      id: 'W2',
      account: 'BUYS',
      contact: 'LEAD',
      status: 'won',
      createdAt: '2025-12-01T00:00:00Z',
      closedAt: '2026-02-01T00:00:00Z',
    },
  ],
};

async function snapshots(): Promise<Map<string, EntitySnapshot>> {
  const store = await fixtureStore(fixture);
  const out = new Map<string, EntitySnapshot>();
  for (const type of ['account', 'contact'] as const) {
    for await (const page of walkSnapshots(store, type, { before: '2027-01-01T00:00:00Z' })) {
      for (const s of page)
        out.set(
          s.entityType === 'account' ? s.account.sources[0]!.externalId : s.contact.sources[0]!.externalId,
          s,
        );
    }
  }
  await store.close();
  return out;
}

const at = (iso: string) => Date.parse(iso);

describe('labels', () => {
  it('labels churn inside (cutoff, cutoff + horizon] for accounts paying at the cutoff', async () => {
    const s = await snapshots();
    const churns = s.get('CHURNS') as AccountSnapshot;
    expect(churnLabel(churns, at('2026-01-01T00:00:00Z'), 90)).toBe(1);
    expect(churnLabel(churns, at('2026-01-01T00:00:00Z'), 30)).toBe(0);
    expect(churnLabel(churns, at('2026-03-01T00:00:00Z'), 90)).toBeNull();
    expect(churnLabel(churns, at('2026-03-02T00:00:00Z'), 90)).toBeNull();
    expect(churnLabel(churns, at('2025-01-15T00:00:00Z'), 90)).toBeNull();
    const buys = s.get('BUYS') as AccountSnapshot;
    expect(churnLabel(buys, at('2026-01-01T00:00:00Z'), 90)).toBeNull();
    expect(churnLabel(buys, at('2026-03-01T00:00:00Z'), 90)).toBe(0);
    expect(churnLabel(s.get('UNTIMED') as AccountSnapshot, at('2026-01-01T00:00:00Z'), 90)).toBeNull();
  });

  it('labels conversion inside the window for people who were not customers at the cutoff', async () => {
    const s = await snapshots();
    const lead = s.get('LEAD') as ContactSnapshot;
    expect(leadLabel(lead, at('2026-01-01T00:00:00Z'), 90)).toBe(1);
    expect(leadLabel(lead, at('2026-01-01T00:00:00Z'), 15)).toBe(0);
    expect(leadLabel(lead, at('2026-02-01T00:00:00Z'), 90)).toBeNull();
    expect(leadLabel(lead, at('2026-02-02T00:00:00Z'), 90)).toBeNull();
    expect(leadLabel(s.get('LATE') as ContactSnapshot, at('2026-01-01T00:00:00Z'), 90)).toBeNull();
    expect(leadLabel(s.get('LATE') as ContactSnapshot, at('2026-01-20T00:00:00Z'), 90)).toBe(1);
    expect(
      leadLabel(s.get('CUSTOMER_NO_DATE') as ContactSnapshot, at('2026-01-01T00:00:00Z'), 90),
    ).toBeNull();
  });
});

describe('labels in SQL', () => {
  it('gives every entity the population and label the in-process rules give, at every cutoff', async () => {
    const store = await fixtureStore(fixture);
    const analytics = await memoryAnalytics(store);
    const s = await snapshots();
    const cutoffs = [
      '2025-01-15',
      '2025-06-01',
      '2026-01-01',
      '2026-01-20',
      '2026-02-01',
      '2026-03-01',
      '2026-03-02',
    ].map((d) => at(`${d}T00:00:00Z`));
    let compared = 0;
    for (const kind of ['lead', 'churn'] as const) {
      for (const horizon of [15, 30, 90]) {
        const rows = await analytics.engine.rows<{ entity_id: string; cutoff_index: number; label: number }>(
          targetsSql(analytics.features.dialect, { kind, cutoffs, horizonDays: horizon }),
        );
        const sql = new Map(rows.map((r) => [`${r.entity_id}@${Number(r.cutoff_index)}`, Number(r.label)]));
        for (const snapshot of s.values()) {
          cutoffs.forEach((cutoff, index) => {
            const expected =
              kind === 'churn'
                ? snapshot.entityType === 'account'
                  ? churnLabel(snapshot, cutoff, horizon)
                  : undefined
                : snapshot.entityType === 'contact'
                  ? leadLabel(snapshot, cutoff, horizon)
                  : undefined;
            if (expected === undefined) return;
            compared++;
            expect(
              sql.get(`${snapshot.id}@${index}`) ?? null,
              `${kind} ${snapshot.id} at ${new Date(cutoff).toISOString()}`,
            ).toBe(expected);
          });
        }
      }
    }
    expect(compared).toBe(2 * 3 * cutoffs.length * 3);
    analytics.close();
    await store.close();
  });
});

describe('cutoff plan', () => {
  it('keeps every label window observed and each stage a horizon before the next', () => {
    const asOf = at('2026-11-01T00:00:00Z');
    const plan = planCutoffs(asOf, {
      horizonDays: 90,
      spacingDays: 30,
      maxTrainingCutoffs: 6,
      calibrationCutoffs: 2,
    });
    const h = 90 * DAY_MS;
    expect(plan.holdoutMs).toBe(asOf - h);
    expect(Math.max(...plan.calibrationMs) + h).toBeLessThanOrEqual(plan.holdoutMs);
    expect(Math.max(...plan.fitMs) + h).toBeLessThanOrEqual(Math.min(...plan.calibrationMs));
    expect(plan.fitMs).toHaveLength(4);
    expect(planCutoffList(plan)[0]).toBe(plan.holdoutMs);
    for (const cutoff of planCutoffList(plan)) expect(cutoff + h).toBeLessThanOrEqual(asOf);
  });

  it('says how much history is missing', () => {
    expect(() => planCutoffs(at('2026-11-01T00:00:00Z'), { horizonDays: 200, maxHistoryDays: 365 })).toThrow(
      /needs at least \d+ days of history/,
    );
  });
});
