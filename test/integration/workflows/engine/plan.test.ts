import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import { plan, tick } from '../../../../workflows/engine/index.ts';
import { ALICE, MONDAY_EARLY, mediumContext, openEngineStore, retentionWorkflow } from './harness.ts';

let store: SqliteCanonicalStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const workflow = retentionWorkflow();
const BOB = { type: 'contact', id: 'c-bob' } as const;
const CAROL = { type: 'contact', id: 'c-carol' } as const;

function snapshot(db: SqliteCanonicalStore) {
  const count = (table: string) =>
    (db.database.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    changes: (db.database.prepare('SELECT total_changes() AS n').get() as { n: number }).n,
    tables: ['enrollments', 'step_runs', 'outbox', 'audit_log'].map(count),
  };
}

describe('engine plan', () => {
  it('explains enrollments, skips and deferrals without writing anything', async () => {
    store = await openEngineStore();
    tick(store.database, {
      now: new Date(MONDAY_EARLY),
      workflows: [workflow],
      candidates: [ALICE],
      contextFor: () => mediumContext(ALICE),
    });
    const before = snapshot(store);

    const entries = plan(store.database, {
      asOf: new Date(MONDAY_EARLY),
      workflows: [workflow],
      contexts: [
        mediumContext(ALICE),
        mediumContext(BOB),
        mediumContext(CAROL, { record: { account: { status: 'churned' } } }),
      ],
    });

    expect(snapshot(store)).toEqual(before);
    const byId = new Map(entries.map((entry) => [entry.entity.id, entry]));

    const alice = byId.get('c-alice');
    expect(alice?.status).toBe('enrolled');
    expect(alice?.reasons[0]).toContain('already enrolled');
    expect(alice?.next).toMatchObject({ stepIndex: 1, at: '2026-03-02T14:00:00.000Z', outcome: 'sent' });

    const bob = byId.get('c-bob');
    expect(bob?.status).toBe('would_enroll');
    expect(bob?.skippedSteps).toEqual([
      { stepIndex: 0, reason: 'step is for tiers high; enrolled in medium' },
    ]);
    expect(bob?.next).toMatchObject({
      stepIndex: 1,
      outcome: 'deferred',
      deferredUntil: '2026-03-02T14:00:00.000Z',
    });
    expect(bob?.next?.reason).toContain('outside send window');

    const carol = byId.get('c-carol');
    expect(carol?.status).toBe('not_enrolled');
    expect(carol?.reasons[0]).toContain('audience failed');
    expect(carol?.reasons.join(' ')).toContain('account.status is "churned"');
  });

  it('reports an exit condition that would end an active enrollment', async () => {
    store = await openEngineStore();
    tick(store.database, {
      now: new Date(MONDAY_EARLY),
      workflows: [workflow],
      candidates: [ALICE],
      contextFor: () => mediumContext(ALICE),
    });
    const [entry] = plan(store.database, {
      asOf: new Date(MONDAY_EARLY),
      workflows: [workflow],
      contexts: [mediumContext(ALICE, { facts: { unsubscribe: true } })],
    });
    expect(entry?.status).toBe('would_exit');
    expect(entry?.reasons).toContain('exit condition met: unsubscribe');
    expect(entry?.next).toBeUndefined();
  });
});
