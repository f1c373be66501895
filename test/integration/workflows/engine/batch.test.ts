import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import { type EntityRef, type TickOptions, tick } from '../../../../workflows/engine/index.ts';
import { ALICE, defineWorkflow, mediumContext, openEngineStore, outboxRows } from './harness.ts';

let store: SqliteCanonicalStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const NOW = new Date('2026-03-02T15:00:00.000Z');
const BOB: EntityRef = { type: 'contact', id: 'c-bob' };
const CAROL: EntityRef = { type: 'contact', id: 'c-carol' };
const workflow = defineWorkflow({
  name: 'crm',
  entry: { triggers: [{ on: 'tier_change', model: 'churn_risk', to: 'medium' }] },
  steps: [
    { action: 'write_fields', to: 'crm', fields: { flag: true } },
    { action: 'wait', delay: { amount: 1, unit: 'days' } },
  ],
});

function options(contextFor: TickOptions['contextFor'], extra: Partial<TickOptions> = {}): TickOptions {
  return { now: NOW, workflows: [workflow], candidates: [], contextFor, ...extra };
}

async function enrolled(entities: EntityRef[]) {
  const opened = await openEngineStore();
  tick(
    opened.database,
    options((entity) => mediumContext(entity), { candidates: entities, limit: 0 }),
  );
  return opened;
}

const stepRuns = (db: SqliteCanonicalStore) =>
  (db.database.prepare('SELECT COUNT(*) AS n FROM step_runs').get() as { n: number }).n;

describe('batched tick transactions', () => {
  it('rolls back only the enrollment another ticker moved, and reports it as waiting', async () => {
    store = await enrolled([ALICE, BOB, CAROL]);
    const db = store.database;
    const report = tick(
      db,
      options((entity) => {
        // Another ticker advanced Bob between our read of due rows and our write.
        if (entity.id === BOB.id)
          db.prepare("UPDATE enrollments SET next_step_index = 1 WHERE entity_id = 'c-bob'").run();
        return mediumContext(entity);
      }),
    );
    expect(report.waiting).toHaveLength(1);
    expect(report.waiting[0]?.reason).toContain('moved on concurrently');
    expect(report.steps.map((step) => step.entity.id)).toEqual(['c-alice', 'c-carol']);
    expect(outboxRows(store).map((row) => JSON.parse(row.payload).entity.id)).toEqual(['c-alice', 'c-carol']);
    expect(stepRuns(store)).toBe(2);
  });

  it('commits the enrollments before an unexpected failure, then rethrows it', async () => {
    store = await enrolled([ALICE, BOB]);
    const failing = options((entity) => {
      if (entity.id === BOB.id) throw new Error('context source unavailable');
      return mediumContext(entity);
    });
    expect(() => tick(store!.database, failing)).toThrow('context source unavailable');
    expect(outboxRows(store).map((row) => JSON.parse(row.payload).entity.id)).toEqual(['c-alice']);
    expect(store.database.isTransaction).toBe(false);
  });

  it('nests in a transaction the caller holds, so the caller can still roll everything back', async () => {
    store = await enrolled([ALICE]);
    store.database.exec('BEGIN IMMEDIATE');
    const report = tick(
      store.database,
      options((entity) => mediumContext(entity)),
    );
    expect(report.steps).toHaveLength(1);
    store.database.exec('ROLLBACK');
    expect(outboxRows(store)).toEqual([]);
    expect(stepRuns(store)).toBe(0);
  });

  it('writes the same rows whatever the batch size', async () => {
    const keys: string[][] = [];
    for (const batchSize of [1, 2, 500]) {
      store = await enrolled([ALICE, BOB, CAROL]);
      tick(
        store.database,
        options((entity) => mediumContext(entity), { batchSize }),
      );
      keys.push(outboxRows(store).map((row) => row.idempotency_key));
      await store.close();
      store = undefined;
    }
    expect(keys[0]).toHaveLength(3);
    expect(keys[1]).toEqual(keys[0]);
    expect(keys[2]).toEqual(keys[0]);
  });
});
