import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import {
  type EntityContextInput,
  type EntityRef,
  type Occurrence,
  plan,
  tick,
} from '../../../../workflows/engine/index.ts';
import { ALICE, defineWorkflow, enrollmentRows, openEngineStore } from './harness.ts';

let store: SqliteCanonicalStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const NOW = new Date('2026-03-02T15:00:00.000Z');
const BOB: EntityRef = { type: 'contact', id: 'c-bob' };

function contextOf(entity: EntityRef, extra: Partial<EntityContextInput> = {}): EntityContextInput {
  return {
    entity,
    scores: { churn_risk: { value: 80, tier: 'high', previousTier: 'high', scoredAt: 's0' } },
    record: { account: { status: entity.id === 'c-bob' ? 'churned' : 'active' } },
    ...extra,
  };
}

/** The tier_change trigger never fires here; it names the model whose tier an enrollment records. */
const TIER_MODEL = { on: 'tier_change', model: 'churn_risk', to: 'medium' };

function workflow(trigger: Record<string, unknown>, reenrollment = 'on_transition') {
  return defineWorkflow({
    name: 'w',
    entry: { triggers: [trigger, TIER_MODEL], audience: 'account.status == "active"', reenrollment },
    steps: [{ action: 'wait', delay: { amount: 1, unit: 'hours' } }],
  });
}

function run(
  db: SqliteCanonicalStore,
  trigger: Record<string, unknown>,
  occurrences: Occurrence[],
  candidates: EntityRef[] = [ALICE, BOB],
  extra: Partial<EntityContextInput> = {},
) {
  return tick(db.database, {
    now: NOW,
    workflows: [workflow(trigger)],
    candidates,
    contextFor: (entity) => contextOf(entity, extra),
    occurrences,
  });
}

describe('tick with every trigger kind', () => {
  it('a schedule evaluates every candidate, the audience decides, and the same firing enrolls once', async () => {
    store = await openEngineStore();
    const fired: Occurrence = {
      on: 'schedule',
      cron: '0 9 * * *',
      firedAt: new Date('2026-03-02T14:00:00Z'),
    };
    const first = run(store, { on: 'schedule', cron: '0 9 * * *' }, [fired]);
    expect(first.enrolled.map((entry) => [entry.entity.id, entry.tier])).toEqual([['c-alice', 'high']]);
    expect(first.notEnrolled.map((entry) => entry.reason)).toEqual([
      'audience failed: account.status == "active"',
    ]);
    const later = (at: string) =>
      tick(store!.database, {
        now: new Date(at),
        workflows: [workflow({ on: 'schedule', cron: '0 9 * * *' })],
        candidates: [ALICE],
        contextFor: (entity) => contextOf(entity),
        occurrences: [fired],
      });
    expect(later('2026-03-02T17:00:00Z').completed).toHaveLength(1);
    // Completed now; the same firing passed again must not enroll a second time.
    const again = later('2026-03-02T17:05:00Z');
    expect(again.enrolled).toEqual([]);
    expect(again.notEnrolled[0]?.reason).toContain('already enrolled on this transition');
    expect(enrollmentRows(store)).toHaveLength(1);
  });

  it('after_sync enrolls on each new sync run only', async () => {
    store = await openEngineStore();
    const trigger = { on: 'after_sync', connector: 'hubspot' };
    run(store, trigger, [{ on: 'after_sync', connector: 'hubspot', runId: 'r1' }], [ALICE]);
    const active = run(store, trigger, [{ on: 'after_sync', connector: 'hubspot', runId: 'r2' }], [ALICE]);
    expect(active.notEnrolled[0]?.reason).toBe('already enrolled (an active enrollment exists)');
    const other = run(store, trigger, [{ on: 'after_sync', connector: 'demo_files', runId: 'r3' }], [ALICE]);
    expect(other.notEnrolled[0]?.reason).toBe(
      'no after_sync/tier_change trigger matched (no hubspot sync ran this tick; churn_risk tier high -> high)',
    );
    const signatures = store.database.prepare('SELECT entry_signature FROM enrollments').all();
    expect(signatures).toEqual([{ entry_signature: 'sync:hubspot@r1' }]);
  });

  it('a webhook delivery makes its entity a candidate even when the tick names none', async () => {
    store = await openEngineStore();
    const delivery: Occurrence = { on: 'webhook', name: 'trial_ended', deliveryId: 'd-1', entity: ALICE };
    const report = run(store, { on: 'webhook', name: 'trial_ended' }, [delivery], []);
    expect(report.enrolled.map((entry) => entry.entity)).toEqual([ALICE]);
    expect(enrollmentRows(store)).toHaveLength(1);
  });

  it('events and score changes enroll through the entity context', async () => {
    store = await openEngineStore();
    const events = [{ id: 'ev-1', type: 'support_ticket_opened', occurredAt: '2026-03-02T10:00:00Z' }];
    const byEvent = run(store, { on: 'event', type: 'support_ticket_opened' }, [], [ALICE], { events });
    expect(byEvent.enrolled).toHaveLength(1);
    const scores = { churn_risk: { value: 81, previousValue: 80, tier: 'high', scoredAt: 's1' } };
    const changed = tick(store.database, {
      now: NOW,
      workflows: [
        defineWorkflow({
          name: 'scores',
          entry: { triggers: [{ on: 'score_change', model: 'churn_risk' }] },
          steps: [{ action: 'wait' }],
        }),
      ],
      candidates: [ALICE],
      contextFor: (entity) => contextOf(entity, { scores }),
    });
    expect(changed.enrolled.map((entry) => entry.tier)).toEqual(['high']);
  });

  it('plan shows the occurrence a workflow would enroll on', async () => {
    store = await openEngineStore();
    const entries = plan(store.database, {
      asOf: NOW,
      workflows: [workflow({ on: 'after_sync' })],
      contexts: [contextOf(ALICE)],
      occurrences: [{ on: 'after_sync', connector: 'hubspot', runId: 'r9' }],
    });
    expect(entries[0]?.status).toBe('would_complete');
    expect(entries[0]?.reasons[0]).toBe('enrolls on sync:hubspot@r9 in tier high');
  });
});
