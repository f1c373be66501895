import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import { plan, releaseHeldEnrollments, tick } from '../../../../workflows/engine/index.ts';
import { OutboxRelay, resolveUnknown } from '../../../../workflows/outbox/index.ts';
import {
  ALICE,
  ENGINE_BACKENDS,
  enrollmentRows,
  MONDAY_EARLY,
  mediumContext,
  outboxRows,
  retentionWorkflow,
} from './harness.ts';

let store: SqliteCanonicalStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const workflow = retentionWorkflow();
const context = mediumContext(ALICE);
const DAY0 = '2026-03-02T14:00:00.000Z';
const DAY3 = '2026-03-05T14:00:00.000Z';

function run(db: SqliteCanonicalStore, at: string) {
  return tick(db.database, {
    now: new Date(at),
    workflows: [workflow],
    candidates: [ALICE],
    contextFor: () => context,
  });
}

/** The day-0 email goes to a relay whose SMTP session broke after the message was handed over. */
async function day0Unknown(db: SqliteCanonicalStore) {
  run(db, MONDAY_EARLY);
  run(db, DAY0);
  const relay = new OutboxRelay({
    db: db.database,
    clock: new FixedClock(DAY0),
    sleep: async () => {},
    random: () => 0.5,
    transports: { email: async () => ({ status: 'unknown', error: 'connection closed after DATA' }) },
  });
  expect(await relay.runOnce(10)).toMatchObject({ unknown: 1 });
}

describe.each(ENGINE_BACKENDS)('a sequence whose step has an unknown outcome ($backend)', ({ open }) => {
  it('does not move on to the next email until the outcome is resolved, and says why', async () => {
    store = await open();
    await day0Unknown(store);

    const held = run(store, DAY3);
    expect(held.steps.map((step) => [step.stepIndex, step.outcome])).toEqual([[2, 'deferred']]);
    expect(held.steps[0]?.reason).toBe(
      'held: the outcome of step 2 is unknown (outbox 1); resolve it with `scorebridge outbox resolve 1 --delivered` or `--resend`',
    );
    expect(outboxRows(store)).toHaveLength(1);
    expect(enrollmentRows(store)[0]).toMatchObject({
      state: 'active',
      next_step_index: 2,
      next_step_at: '2026-03-05T14:15:00.000Z',
    });

    const planned = plan(store.database, {
      asOf: new Date(DAY3),
      workflows: [workflow],
      contexts: [context],
    });
    expect(planned[0]?.next).toMatchObject({ stepIndex: 2, outcome: 'deferred' });
    expect(planned[0]?.next?.reason).toContain('held: the outcome of step 2 is unknown');

    // Still held a quarter of an hour later while nobody has resolved it.
    expect(run(store, '2026-03-05T14:15:00.000Z').steps.map((step) => step.outcome)).toEqual(['deferred']);

    resolveUnknown(store.database, [1], { resolution: 'delivered', now: new Date(DAY3), by: 'test' });
    const resumed = run(store, '2026-03-05T14:30:00.000Z');
    expect(resumed.steps.map((step) => [step.stepIndex, step.outcome])).toEqual([[2, 'sent']]);
    expect(outboxRows(store).map((row) => JSON.parse(row.payload).template)).toEqual([
      'day0-checkin',
      'day3-roi',
    ]);
  });

  it('goes on at the next run once the operator resolved it, not a quarter of an hour later', async () => {
    store = await open();
    await day0Unknown(store);
    run(store, DAY3);
    const resolvedAt = new Date('2026-03-05T14:01:00.000Z');
    resolveUnknown(store.database, [1], { resolution: 'delivered', now: resolvedAt, by: 'test' });
    expect(releaseHeldEnrollments(store.database, [1], resolvedAt)).toBe(1);
    expect(enrollmentRows(store)[0]).toMatchObject({
      next_step_index: 2,
      next_step_at: resolvedAt.toISOString(),
    });
    const resumed = run(store, '2026-03-05T14:01:30.000Z');
    expect(resumed.steps.map((step) => [step.stepIndex, step.outcome])).toEqual([[2, 'sent']]);
    // A step waiting for its own delay is not pulled forward: only held enrollments move.
    expect(enrollmentRows(store)[0]?.next_step_at).not.toBe('2026-03-05T14:01:30.000Z');
    expect(releaseHeldEnrollments(store.database, [1], new Date('2026-03-05T14:02:00.000Z'))).toBe(0);
  });

  it('still exits on an unsubscribe while held', async () => {
    store = await open();
    await day0Unknown(store);
    const unsubscribed = { ...context, facts: { unsubscribe: true } };
    const report = tick(store.database, {
      now: new Date(DAY3),
      workflows: [workflow],
      candidates: [],
      contextFor: () => unsubscribed,
    });
    expect(report.exited.map((exit) => exit.reason)).toEqual(['unsubscribe']);
    expect(outboxRows(store)).toHaveLength(1);
  });
});
