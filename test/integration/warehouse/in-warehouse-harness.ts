import { expect } from 'vitest';
import type { DbtFile } from '../../../app/warehouse/dbt-project.ts';
import {
  FEATURES_FROM_RELATIONS,
  type InWarehouseTally,
  type WarehouseContext,
} from '../../../app/warehouse/in-warehouse-scoring.ts';
import { featureQueryParts, type WarehouseRelations } from '../../../app/warehouse/in-warehouse-sql.ts';
import { relationCtes } from '../../../app/warehouse/relations/canonical-relations.ts';
import type { ConnectorConfig } from '../../../connectors/registry.ts';
import { scoreAndTier } from '../../../scoring/calibration/score-bands.ts';
import { type FeatureSet, featureNames, featureSetOf } from '../../../scoring/features/feature-set.ts';
import { featureBatches } from '../../../scoring/features/rows/feature-engine.ts';
import { targetsSql } from '../../../scoring/features/sql/populations.ts';
import { BinaryScorer } from '../../../scoring/models/binary-scorer.ts';
import type { ModelSpec } from '../../../scoring/models/model-specs.ts';
import type { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import type { SqlScoringModel } from '../../../scoring/sql/index.ts';
import { percentileCuts, percentileTier, percentileTierRule } from '../../../scoring/tiers/index.ts';
import { DEMO_AS_OF, type DemoStore } from '../../helpers/scoring-pipeline/demo-store.ts';

export const SCORED_AT = '2026-11-02T06:00:00.000Z';

export const SPECS: readonly ModelSpec[] = [
  { name: 'lead_score', kind: 'lead', entity: 'contact', horizonDays: 90, enabled: true },
  // As shipped: churn tiers by percentile (top 10 % high, next 30 % medium), ranked in the warehouse.
  {
    name: 'churn_risk',
    kind: 'churn',
    entity: 'account',
    horizonDays: 90,
    enabled: true,
    tiers: percentileTierRule(10, 30),
  },
];

const specOf = (name: string): ModelSpec => SPECS.find((spec) => spec.name === name)!;

/** A store with a boosted lead model and a forest churn model trained on it and promoted. */
export interface TrainedDemo {
  readonly demo: DemoStore;
  readonly registry: ModelRegistry;
  readonly models: readonly SqlScoringModel[];
}

export function contextFor(trained: TrainedDemo, connector: ConnectorConfig): WarehouseContext {
  return { connectors: { wh: connector }, registry: trained.registry, specs: SPECS };
}

export interface Expected {
  readonly probability: number;
  readonly score: number;
  readonly tier: string;
}

/** In-process scores of every entity in the model's population, as batch scoring computes them. */
export async function inProcessScores(
  trained: TrainedDemo,
  model: SqlScoringModel,
): Promise<Map<string, Expected>> {
  const featureSet = featureSetOf(model.artifact);
  const scorer = new BinaryScorer(model.artifact);
  const encoder = scorer.rowEncoder(featureNames(featureSet));
  const encoded = new Float64Array(model.artifact.featureNames.length);
  const out = new Map<string, Expected>();
  const fe = await trained.demo.features();
  await fe.engine.exec(
    `CREATE OR REPLACE TEMP TABLE expected_targets AS ${targetsSql(fe.dialect, { kind: model.artifact.kind, cutoffs: [Date.parse(DEMO_AS_OF)] })}`,
  );
  for await (const batch of featureBatches(fe, featureSet.plan, 'expected_targets')) {
    for (let i = 0; i < batch.rowCount; i++) {
      const values = batch.table.numbers.map((column, j) =>
        column ? column[i]! : batch.table.texts[j]![i]!,
      );
      const probability = scorer.probabilityOfRow(encoder.encode(values, encoded));
      out.set(batch.entityIds[i]!, { probability, ...scoreAndTier(probability, model.artifact.bands) });
    }
  }
  const rule = specOf(model.name).tiers;
  if (rule?.by !== 'percentile') return out;
  // Percentile tiers rank the whole population, as batch scoring settles them in process.
  const ids = [...out.keys()];
  const cuts = percentileCuts(
    ids.map((id) => out.get(id)!.probability),
    ids,
    rule,
  );
  for (const id of ids) {
    const score = out.get(id)!;
    out.set(id, { ...score, tier: percentileTier(score.probability, id, cuts) });
  }
  return out;
}

export interface WarehouseScore {
  readonly entityType: string;
  readonly entityId: string;
  readonly model: string;
  readonly kind: string;
  readonly modelVersion: string;
  readonly probability: number;
  readonly score: number;
  readonly tier: string;
  readonly reasons: unknown;
  readonly amount: unknown;
  readonly action: unknown;
  readonly scoredAt: string;
}

/** Every warehouse row equals the in-process score: probability within 1e-9, identical score and tier. */
export async function expectMatchesInProcess(
  trained: TrainedDemo,
  rows: readonly WarehouseScore[],
  tallies: readonly InWarehouseTally[],
): Promise<void> {
  expect(tallies.map((t) => t.model)).toEqual(['lead_score', 'churn_risk']);
  for (const model of trained.models) {
    const expected = await inProcessScores(trained, model);
    const mine = rows.filter((row) => row.model === model.name);
    expect(expected.size).toBeGreaterThan(20);
    expect(mine).toHaveLength(expected.size);
    const tally = tallies.find((t) => t.model === model.name)!;
    expect(tally).toMatchObject({ rows: expected.size, exported: null, table: FEATURES_FROM_RELATIONS });
    expect(tally.statementBytes).toBeGreaterThan(0);
    let maxDiff = 0;
    for (const row of mine) {
      const want = expected.get(row.entityId);
      expect(want, `${model.name} ${row.entityId}`).toBeDefined();
      maxDiff = Math.max(maxDiff, Math.abs(row.probability - want!.probability));
      expect({ id: row.entityId, score: row.score, tier: row.tier }).toEqual({
        id: row.entityId,
        score: want!.score,
        tier: want!.tier,
      });
      expect(row).toMatchObject({
        kind: model.artifact.kind,
        modelVersion: String(model.version),
        reasons: [],
        amount: null,
        action: null,
        scoredAt: SCORED_AT,
      });
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-9);
    expect(new Set(mine.map((row) => row.tier)).size).toBeGreaterThan(1);
    const rule = specOf(model.name).tiers;
    if (rule?.by === 'percentile')
      for (const tier of ['high', 'medium', 'low'] as const) {
        const share = mine.filter((row) => row.tier === tier).length;
        expect(
          Math.abs(share - (rule.shares[tier] / 100) * mine.length),
          `${model.name} ${tier}`,
        ).toBeLessThanOrEqual(1);
      }
  }
}

/** The feature SELECT of a set over the warehouse's relations, for the population of `kind` as of the demo date. */
export function warehouseFeaturesSql(
  relations: WarehouseRelations,
  set: FeatureSet,
  kind: 'lead' | 'churn',
): string {
  const parts = featureQueryParts(relations.sql, set.plan, kind, Date.parse(DEMO_AS_OF));
  return `WITH ${[...relationCtes(relations.nodes), ...parts.ctes].join(',\n')}\n${parts.select}`;
}

/**
 * Every feature the warehouse computed equals the embedded engine's: numbers within 1e-9
 * (relative), labels identical, for every row of the population.
 */
export async function expectFeaturesMatch(
  trained: TrainedDemo,
  set: FeatureSet,
  kind: 'lead' | 'churn',
  rows: readonly Record<string, unknown>[],
  column: (feature: string) => string,
): Promise<number> {
  const fe = await trained.demo.features();
  await fe.engine.exec(
    `CREATE OR REPLACE TEMP TABLE feature_targets AS ${targetsSql(fe.dialect, { kind, cutoffs: [Date.parse(DEMO_AS_OF)] })}`,
  );
  const expected = new Map<string, (number | string | null)[]>();
  for await (const batch of featureBatches(fe, set.plan, 'feature_targets')) {
    for (let i = 0; i < batch.rowCount; i++)
      expected.set(
        batch.entityIds[i]!,
        batch.table.numbers.map((numbers, j) => (numbers ? numbers[i]! : batch.table.texts[j]![i]!)),
      );
  }
  expect(rows.length).toBe(expected.size);
  const names = featureNames(set);
  let compared = 0;
  for (const row of rows) {
    const entity = String(row[column('entity_id')]);
    const want = expected.get(entity);
    expect(want, entity).toBeDefined();
    names.forEach((name, j) => {
      const got = row[column(name)];
      const value = want![j];
      const where = `${entity} ${name}`;
      if (typeof value === 'number') {
        if (Number.isNaN(value)) expect(got, where).toBeNull();
        else {
          expect(typeof got, where).toBe('number');
          expect(Math.abs((got as number) - value), where).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(value)),
          );
        }
      } else expect(got ?? null, where).toBe(value);
      compared++;
    });
  }
  return compared;
}

/**
 * Runs a dbt folder the way `dbt run` would, with a stand-in for dbt's Jinja: each model becomes a
 * table or view named after it in `schema`, `ref()` its name there, `source()` the connector's
 * table, `var()` the as-of instant. Models run in dependency order; returns their names in that order.
 */
export async function runDbtModels(
  files: readonly DbtFile[],
  options: {
    readonly schema: string;
    readonly source: (table: string) => string;
    readonly asOf: string;
    readonly execute: (sql: string) => Promise<unknown>;
  },
): Promise<string[]> {
  const models = new Map(
    files
      .filter((file) => file.path.endsWith('.sql'))
      .map((file) => [
        file.path
          .split('/')
          .pop()!
          .replace(/\.sql$/, ''),
        file.content,
      ]),
  );
  const refs = (sql: string) => [...sql.matchAll(/\{\{ ref\('([a-z_]+)'\) \}\}/g)].map((m) => m[1]!);
  const order: string[] = [];
  const visit = (name: string) => {
    if (order.includes(name)) return;
    const sql = models.get(name);
    if (sql === undefined) throw new Error(`ref('${name}') names no model of the folder`);
    for (const dep of refs(sql)) visit(dep);
    order.push(name);
  };
  for (const name of models.keys()) visit(name);
  for (const name of order) {
    let sql = models.get(name)!;
    const materialized = /\{\{ config\(materialized='(view|table)'\) \}\}/.exec(sql)?.[1] ?? 'view';
    sql = sql
      .replace(/\{\{ config\([^}]*\) \}\}/g, '')
      .replace(/\{\{ ref\('([a-z_]+)'\) \}\}/g, (_, ref: string) => `${options.schema}.${ref}`)
      .replace(/\{\{ source\('[a-z_]+', '([A-Za-z_]+)'\) \}\}/g, (_, table: string) => options.source(table))
      .replace(/\{\{ var\('scorebridge_as_of'[^}]*\}\}/g, options.asOf);
    if (sql.includes('{{')) throw new Error(`model ${name} has Jinja the stand-in does not know: ${sql}`);
    await options.execute(
      `CREATE ${materialized === 'table' ? 'TABLE' : 'VIEW'} ${options.schema}.${name} AS\n${sql}`,
    );
  }
  return order;
}
