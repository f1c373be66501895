import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import {
  type EntityContextInput,
  stepIdempotencyKey,
  type TickOptions,
  tick,
} from '../../../../workflows/engine/index.ts';
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

function run(db: SqliteCanonicalStore, at: string, context: EntityContextInput) {
  const options: TickOptions = {
    now: new Date(at),
    workflows: [workflow],
    candidates: [ALICE],
    contextFor: () => context,
  };
  return tick(db.database, options);
}

describe.each(ENGINE_BACKENDS)('engine tick ($backend)', ({ open }) => {
  it('enrolls on the move to medium once and sends day 0/3/7 emails at 09:00 New York time', async () => {
    store = await open();
    const context = mediumContext(ALICE);

    const first = run(store, MONDAY_EARLY, context);
    expect(first.enrolled).toHaveLength(1);
    expect(first.steps.map((step) => [step.stepIndex, step.outcome])).toEqual([
      [0, 'skipped'],
      [1, 'deferred'],
    ]);
    expect(first.steps[0]?.reason).toContain('tiers high');
    expect(first.steps[1]?.deferredUntil).toBe('2026-03-02T14:00:00.000Z');
    expect(outboxRows(store)).toHaveLength(0);

    run(store, '2026-03-02T14:00:00.000Z', context);
    run(store, '2026-03-05T14:00:00.000Z', context);
    // US daylight saving starts 2026-03-08: 09:00 local is now 13:00 UTC.
    const last = run(store, '2026-03-09T13:00:00.000Z', context);
    expect(last.completed).toEqual([first.enrolled[0]?.enrollmentId]);

    const rows = outboxRows(store);
    expect(rows.map((row) => [JSON.parse(row.payload).template, row.created_at])).toEqual([
      ['day0-checkin', '2026-03-02T14:00:00.000Z'],
      ['day3-roi', '2026-03-05T14:00:00.000Z'],
      ['day7-optimization-session', '2026-03-09T13:00:00.000Z'],
    ]);
    const enrollmentId = first.enrolled[0]?.enrollmentId ?? -1;
    expect(rows[0]?.idempotency_key).toBe(stepIdempotencyKey('retention', ALICE, enrollmentId, 1));
    expect(enrollmentRows(store).map((row) => row.state)).toEqual(['completed']);
  });

  it('enqueues nothing new on a second tick at the same instant', async () => {
    store = await open();
    const context = mediumContext(ALICE);
    run(store, MONDAY_EARLY, context);
    run(store, '2026-03-02T14:00:00.000Z', context);
    const before = outboxRows(store);
    const again = run(store, '2026-03-02T14:00:00.000Z', context);
    expect(again.enrolled).toEqual([]);
    expect(again.steps).toEqual([]);
    expect(outboxRows(store)).toEqual(before);
    expect(before).toHaveLength(1);
  });

  it('does not re-enroll while active, nor on the same transition after completing', async () => {
    store = await open();
    run(store, MONDAY_EARLY, mediumContext(ALICE));
    const newTransition = mediumContext(ALICE, {}, '2026-03-03T00:00:00.000Z');
    const whileActive = run(store, '2026-03-03T15:00:00.000Z', newTransition);
    expect(whileActive.enrolled).toEqual([]);
    expect(whileActive.notEnrolled[0]?.reason).toContain('already enrolled');
    expect(enrollmentRows(store)).toHaveLength(1);

    // Day 0 went out at 10:00 local on the 3rd, so day 3 and day 7 keep that time of day.
    run(store, '2026-03-06T15:00:00.000Z', newTransition);
    run(store, '2026-03-10T14:00:00.000Z', newTransition);
    expect(enrollmentRows(store).map((row) => row.state)).toEqual(['completed']);
    expect(outboxRows(store)).toHaveLength(3);
    const sameTransition = run(store, '2026-03-11T14:00:00.000Z', mediumContext(ALICE));
    expect(sameTransition.notEnrolled[0]?.reason).toContain('already enrolled on this transition');
    const later = run(
      store,
      '2026-03-10T14:00:00.000Z',
      mediumContext(ALICE, {}, '2026-03-10T00:00:00.000Z'),
    );
    expect(later.enrolled).toHaveLength(1);
  });

  it('exits on a reply before the next step and sends nothing more', async () => {
    store = await open();
    run(store, MONDAY_EARLY, mediumContext(ALICE));
    run(store, '2026-03-02T14:00:00.000Z', mediumContext(ALICE));
    const replied = mediumContext(ALICE, { facts: { reply: true } });
    const report = run(store, '2026-03-05T14:00:00.000Z', replied);
    expect(report.exited.map((exit) => exit.reason)).toEqual(['reply']);
    expect(report.steps).toEqual([]);
    run(store, '2026-03-09T13:00:00.000Z', replied);
    expect(outboxRows(store)).toHaveLength(1);
    expect(enrollmentRows(store).map((row) => [row.state, row.exit_reason])).toEqual([['exited', 'reply']]);
  });

  it('skips an entity whose audience condition fails', async () => {
    store = await open();
    const churned = mediumContext(ALICE, { record: { account: { status: 'churned' } } });
    const report = run(store, MONDAY_EARLY, churned);
    expect(report.enrolled).toEqual([]);
    expect(report.notEnrolled[0]?.details.join(' ')).toContain('account.status');
    expect(enrollmentRows(store)).toHaveLength(0);
  });
});
