import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import { claimDueRows } from '../../../../workflows/outbox/claim.ts';
import { enqueue } from '../../../../workflows/outbox/index.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../../helpers/postgres-store.ts';

let pg: PostgresTestStore | undefined;
afterEach(async () => {
  await pg?.dispose();
  pg = undefined;
});

/** A sequence step that queues a task in each CRM and three emails: five rows due at one instant. */
function oneEnrollment(enrollment: number) {
  return [
    ...['hubspot', 'salesforce'].map((connector, step) => ({
      idempotencyKey: `wf:fleet:${enrollment}:${step}`,
      kind: 'task' as const,
      payload: { connector, subject: 'Call', enrollmentId: enrollment, stepIndex: step },
    })),
    ...[2, 3, 4].map((step) => ({
      idempotencyKey: `wf:fleet:${enrollment}:${step}`,
      kind: 'email' as const,
      payload: { to: `person-${enrollment}@customer.example`, enrollmentId: enrollment, stepIndex: step },
    })),
  ];
}

describe('claiming due outbox rows on Postgres', () => {
  it('claims exactly as many rows as asked, even when many are due at the same instant', async () => {
    const clock = new FixedClock('2026-12-07T10:00:00.000Z');
    pg = await openPostgresTestStore(clock);
    enqueue(pg.db, [...oneEnrollment(1), ...oneEnrollment(2), ...oneEnrollment(3)], clock.now());
    const claim = (limit: number) =>
      claimDueRows(pg!.db, {
        kinds: ['email', 'task'],
        limit,
        now: '2026-12-07T10:00:01.000Z',
        claimer: 'test:1:relay',
        leaseUntil: '2026-12-07T10:10:01.000Z',
      });

    expect(claim(1)).toHaveLength(1);
    expect(claim(4)).toHaveLength(4);
    const states = pg.db
      .prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state ORDER BY state')
      .all() as Array<{ state: string; n: number }>;
    // Every row claimed is one the caller got back: none is left `sending` with nobody on it.
    expect(states).toEqual([
      { state: 'pending', n: 10 },
      { state: 'sending', n: 5 },
    ]);
    expect(claim(100)).toHaveLength(10);
    expect(claim(1)).toEqual([]);
  });
});
