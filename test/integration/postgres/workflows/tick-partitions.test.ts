import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../../core/clock.ts';
import { entityHash } from '../../../../workflows/engine/index.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../../helpers/postgres-store.ts';
import { startChild } from './children.ts';

const ENTITIES = 200;

let pg: PostgresTestStore | undefined;
afterEach(async () => {
  await pg?.dispose();
  pg = undefined;
});

interface TickerOutput {
  readonly enrolled: string[];
  readonly sent: number[];
  readonly moved: number;
}

/** Two ticker processes started together on one store; `partitions` false runs both unpartitioned. */
async function tickTogether(partitions: boolean): Promise<TickerOutput[]> {
  pg = await openPostgresTestStore(new FixedClock('2026-03-02T12:00:00.000Z'));
  const startAt = String(Date.now() + 2_500);
  const children = [0, 1].map((index) =>
    startChild('tick-child.ts', [
      pg!.database.url,
      String(index),
      partitions ? '2' : '0',
      String(ENTITIES),
      startAt,
    ]),
  );
  return (await Promise.all(children.map((child) => child.done))).map(
    (out) => JSON.parse(out.trim()) as TickerOutput,
  );
}

function storeCounts(store: PostgresTestStore) {
  const one = (sql: string) => Number((store.db.prepare(sql).get() as { n: number }).n);
  return {
    enrollments: one('SELECT COUNT(*) AS n FROM enrollments'),
    distinctEntities: one('SELECT COUNT(DISTINCT entity_id) AS n FROM enrollments'),
    emails: one("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'email'"),
    sentSteps: one("SELECT COUNT(*) AS n FROM step_runs WHERE step_index = 1 AND outcome = 'sent'"),
  };
}

describe('workflow ticks of two partitions on one Postgres store', () => {
  it('run at once in two processes and advance every enrollment exactly once', async () => {
    const [first, second] = await tickTogether(true);
    // Disjoint halves by the entity hash, together every entity.
    expect(first!.enrolled.length).toBeGreaterThan(0);
    expect(second!.enrolled.length).toBeGreaterThan(0);
    expect(first!.enrolled.every((id) => entityHash({ type: 'contact', id }) % 2 === 0)).toBe(true);
    expect(second!.enrolled.every((id) => entityHash({ type: 'contact', id }) % 2 === 1)).toBe(true);
    expect(new Set([...first!.enrolled, ...second!.enrolled]).size).toBe(ENTITIES);
    const sent = [...first!.sent, ...second!.sent];
    expect(sent).toHaveLength(ENTITIES);
    expect(new Set(sent).size).toBe(ENTITIES);
    // Partitions never meet, so no guarded move ever had to refuse.
    expect(first!.moved + second!.moved).toBe(0);
    expect(storeCounts(pg!)).toEqual({
      enrollments: ENTITIES,
      distinctEntities: ENTITIES,
      emails: ENTITIES,
      sentSteps: ENTITIES,
    });
  }, 90_000);

  it('stay exactly-once even when two unpartitioned tickers race on the same enrollments', async () => {
    const [first, second] = await tickTogether(false);
    // The one-active unique index decides every enrollment race, the guarded move every step race.
    expect(first!.enrolled.length + second!.enrolled.length).toBe(ENTITIES);
    const sent = [...first!.sent, ...second!.sent];
    expect(new Set(sent).size).toBe(sent.length);
    expect(storeCounts(pg!)).toEqual({
      enrollments: ENTITIES,
      distinctEntities: ENTITIES,
      emails: ENTITIES,
      sentSteps: ENTITIES,
    });
  }, 90_000);
});
