import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityType } from '../../../../core/schema/index.ts';
import { FeatureEvaluator } from '../../../../scoring/features/evaluate/evaluate.ts';
import { builtinFeatureSet } from '../../../../scoring/features/feature-set.ts';
import { featureBatches } from '../../../../scoring/features/rows/feature-engine.ts';
import { walkSnapshots } from '../../../../scoring/features/snapshot.ts';
import { openTestAnalytics, type TestAnalytics } from '../../../helpers/scoring-pipeline/analytics.ts';
import { type DemoStore, demoStore } from '../../../helpers/scoring-pipeline/demo-store.ts';

// A midnight cutoff and one in the middle of a day: windows must hold to the millisecond.
const CUTOFFS = ['2026-11-01T00:00:00.000Z', '2026-06-15T13:17:00.000Z'].map(Date.parse);

type Value = number | string | null;

function same(a: Value, b: Value): boolean {
  if (typeof a === 'number' && Number.isNaN(a))
    return b === null || (typeof b === 'number' && Number.isNaN(b));
  if (typeof a === 'number' && typeof b === 'number')
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
  return a === b;
}

/**
 * The SQL compiler (batch scoring, training, the warehouse) and the in-process evaluator (the API,
 * webhooks) run one feature plan; they must agree on every feature of every entity. Before the
 * per-entity TypeScript closures were removed, this test also compared both with them on the same
 * demo store (commit "Parity test: per-entity closures = in-process evaluator = SQL"), and the
 * models trained on SQL rows reproduced the earlier models' holdout metrics exactly.
 */
describe('features as data: the SQL compiler equals the in-process evaluator', () => {
  let demo: DemoStore;
  let analytics: TestAnalytics;
  beforeAll(async () => {
    demo = await demoStore({ contacts: 1500, seed: 11, badRowsRate: 0.01 });
    analytics = await openTestAnalytics(demo.store, demo.dir);
  }, 120_000);
  afterAll(async () => {
    analytics.close();
    await demo.cleanup();
  });

  for (const entityType of ['contact', 'account'] as EntityType[]) {
    it(`every ${entityType} feature, every ${entityType}, at a midnight and a mid-day cutoff`, async () => {
      const set = builtinFeatureSet(entityType);
      const names = set.plan.features.map((f) => f.name);
      expect(names.length).toBe(entityType === 'contact' ? 62 : 67);
      const evaluator = new FeatureEvaluator(set);
      const relation = entityType === 'contact' ? 'sb_contacts' : 'sb_accounts';
      await analytics.engine.exec(
        `CREATE OR REPLACE TEMP TABLE parity_targets AS
         SELECT ROW_NUMBER() OVER () AS row_id, x.${entityType}_id AS entity_id, k.cutoff_ms
         FROM ${relation} x, (VALUES ${CUTOFFS.map((c) => `(${c}::DOUBLE)`).join(', ')}) k(cutoff_ms) WHERE x.active`,
      );
      const sql = new Map<string, Value[]>();
      const cutoffOf = new Map(
        (
          await analytics.engine.rows<{ row_id: bigint; cutoff_ms: number }>(
            'SELECT row_id, cutoff_ms FROM parity_targets',
          )
        ).map((r) => [Number(r.row_id), r.cutoff_ms]),
      );
      for await (const batch of featureBatches(analytics.features, set.plan, 'parity_targets')) {
        for (let i = 0; i < batch.rowCount; i++) {
          const values = batch.table.numbers.map((column, j) =>
            column ? column[i]! : batch.table.texts[j]![i]!,
          );
          sql.set(`${batch.entityIds[i]}@${cutoffOf.get(batch.rowIds[i]!)}`, values);
        }
      }
      const mismatches = new Map<string, string>();
      let compared = 0;
      for await (const page of walkSnapshots(demo.store, entityType, { before: '2027-01-01T00:00:00Z' })) {
        for (const cutoff of CUTOFFS) {
          for (const snapshot of page) {
            const inProcess = evaluator.values(snapshot, cutoff);
            const inSql = sql.get(`${snapshot.id}@${cutoff}`);
            compared++;
            names.forEach((name, j) => {
              if (mismatches.has(name)) return;
              const where = `${snapshot.id} at ${new Date(cutoff).toISOString()}`;
              if (!inSql) mismatches.set(name, `${where}: no SQL row`);
              else if (!same(inProcess[j]!, inSql[j]!))
                mismatches.set(name, `${where}: evaluator ${inProcess[j]}, SQL ${inSql[j]}`);
            });
          }
        }
      }
      expect(compared).toBe(sql.size);
      expect(compared).toBeGreaterThan(entityType === 'contact' ? 2000 : 500);
      expect([...mismatches.entries()]).toEqual([]);
    });
  }
});
