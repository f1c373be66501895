import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { warehouseNaming } from '../../../app/warehouse/in-warehouse-models.ts';
import {
  dbtProjectFor,
  exportFeatureTables,
  runInWarehouseScoring,
} from '../../../app/warehouse/in-warehouse-scoring.ts';
import { inWarehouseScoringSql, warehouseRelations } from '../../../app/warehouse/in-warehouse-sql.ts';
import { CANONICAL_NAMES, relationCtes } from '../../../app/warehouse/relations/canonical-relations.ts';
import { createScorePublisher } from '../../../connectors/registry.ts';
import { builtinFeatureSet, featureSetOf } from '../../../scoring/features/feature-set.ts';
import { DEMO_AS_OF } from '../../helpers/scoring-pipeline/demo-store.ts';
import { type EmulatedBigQuery, startEmulatedBigQuery } from '../connectors/bigquery/emulated-bigquery.ts';
import {
  contextFor,
  expectFeaturesMatch,
  expectMatchesInProcess,
  runDbtModels,
  SCORED_AT,
  type WarehouseScore,
  warehouseFeaturesSql,
} from './in-warehouse-harness.ts';
import { bigQueryDemo, type WarehouseDemo } from './warehouse-demo.ts';

/**
 * `score --in-warehouse` against the BigQuery emulator through @google-cloud/bigquery: the demo
 * business lives in BigQuery tables, the local store is synced from them by the same connector,
 * and the warehouse computes population, features and scores in one statement per model.
 */
describe('in-warehouse scoring on BigQuery', () => {
  let trained: WarehouseDemo & { config: ReturnType<EmulatedBigQuery['config']> };
  let bq: EmulatedBigQuery;

  beforeAll(async () => {
    bq = await startEmulatedBigQuery();
    trained = await bigQueryDemo(bq, 'crm');
  }, 180_000);
  afterAll(async () => {
    await trained?.demo.cleanup();
    await bq?.emulator.close();
  });

  const withScores = (dataset: string, extra: Record<string, unknown> = {}) =>
    bq.config({ ...trained.config, scores: { dataset }, ...extra });
  const readScores = async (dataset: string): Promise<WarehouseScore[]> => {
    const [rows] = await bq.client.bigquery.query(
      `SELECT entity_type, entity_id, model, kind, model_version, probability, score, tier,
        TO_JSON_STRING(reasons) AS reasons, amount, action, UNIX_MILLIS(scored_at) AS t
       FROM ${dataset}.scorebridge_scores ORDER BY model, entity_id`,
    );
    return rows.map((row) => ({
      entityType: row.entity_type,
      entityId: row.entity_id,
      model: row.model,
      kind: row.kind,
      modelVersion: row.model_version,
      probability: row.probability,
      score: row.score,
      tier: row.tier,
      reasons: JSON.parse(row.reasons),
      amount: row.amount,
      action: row.action,
      scoredAt: new Date(Number(row.t)).toISOString(),
    }));
  };
  const count = async (sql: string): Promise<number> => {
    const [rows] = await bq.client.bigquery.query(sql);
    return Number(rows[0].n);
  };
  const exists = async (dataset: string, table: string): Promise<boolean> =>
    (await bq.client.bigquery.dataset(dataset).table(table).exists())[0];
  const relations = () => {
    const publisher = createScorePublisher('wh', trained.config)!;
    return warehouseRelations('wh', trained.config, publisher).finally(() => publisher.close());
  };

  it('computes population, features and scores inside BigQuery, equal to in-process scoring, idempotently', async () => {
    const context = contextFor(trained, withScores('inwh'));
    const options = { asOf: DEMO_AS_OF, scoredAt: SCORED_AT };
    const first = await runInWarehouseScoring(context, options);
    const rows = await readScores('inwh');
    await expectMatchesInProcess(trained, rows, first);
    expect(rows.every((row) => row.entityType === (row.model === 'lead_score' ? 'contact' : 'account'))).toBe(
      true,
    );
    // Nothing was exported: no feature table was created.
    for (const model of trained.models)
      expect(await exists('inwh', `scorebridge_features_${model.name}`)).toBe(false);
    const history = await count('SELECT COUNT(*) AS n FROM inwh.scorebridge_score_history');
    expect(history).toBe(rows.length);

    const second = await runInWarehouseScoring(context, options);
    expect(second.map((t) => t.rows)).toEqual(first.map((t) => t.rows));
    expect(await readScores('inwh')).toEqual(rows);
    expect(await count('SELECT COUNT(*) AS n FROM inwh.scorebridge_score_history')).toBe(history);
  }, 120_000);

  it('computes every feature of every entity as the embedded engine does, and fits the query size limit', async () => {
    const graph = await relations();
    for (const [set, kind] of [
      [builtinFeatureSet('contact'), 'lead'],
      [builtinFeatureSet('account'), 'churn'],
    ] as const) {
      const [rows] = await bq.client.bigquery.query(warehouseFeaturesSql(graph, set, kind));
      const compared = await expectFeaturesMatch(trained, set, kind, rows, (name) => name);
      expect(compared).toBeGreaterThan(1000);
    }
    for (const model of trained.models) {
      const statement = inWarehouseScoringSql(
        graph,
        model,
        warehouseNaming(trained.config),
        Date.parse(DEMO_AS_OF),
      );
      expect(statement.bytes).toBeLessThan(1024 * 1024);
      expect(statement.sql).toMatch(/^WITH sb_src_accounts_0 AS \(/);
    }
  }, 120_000);

  it('reads the canonical relations from tables the config names, and names a missing column', async () => {
    const graph = await relations();
    const [analytics] = await bq.client.bigquery.createDataset('analytics');
    for (const name of CANONICAL_NAMES)
      await bq.client.bigquery.query(
        `CREATE TABLE analytics.${name} AS WITH ${relationCtes(graph.nodes).join(',\n')}\nSELECT * FROM ${name}`,
      );
    const own = { contacts: 'analytics.sb_contacts', accounts: 'analytics.sb_accounts' };
    const context = contextFor(
      trained,
      withScores('inwh_rel', {
        inWarehouse: { relations: { ...own, events: 'analytics.sb_events', deals: 'analytics.sb_deals' } },
      }),
    );
    const tallies = await runInWarehouseScoring(context, { asOf: DEMO_AS_OF, scoredAt: SCORED_AT });
    expect(tallies.map((t) => t.rows)).toEqual([expect.any(Number), expect.any(Number)]);
    expect(await readScores('inwh_rel')).toEqual(await readScores('inwh'));

    await analytics.createTable('broken_events', {
      schema: {
        fields: [
          { name: 'event_id', type: 'STRING' },
          { name: 'contact_id', type: 'STRING' },
        ],
      },
    });
    const broken = contextFor(
      trained,
      withScores('inwh_rel', { inWarehouse: { relations: { events: 'analytics.broken_events' } } }),
    );
    await expect(runInWarehouseScoring(broken, { asOf: DEMO_AS_OF, scoredAt: SCORED_AT })).rejects.toThrow(
      'connectors.wh.inWarehouse.relations.events: `scorebridge-test.analytics.broken_events` has no column account_id (text), in_contact (bool), name (text), at_ms (number), value (number), properties (text)',
    );
  }, 120_000);

  it('scores a feature table the data team maintains as is, and names a missing column', async () => {
    const [lead] = trained.models;
    // features --export still loads a model's features computed in process.
    const exported = await exportFeatureTables(
      await trained.demo.features(),
      contextFor(trained, withScores('inwh')),
      {
        asOf: DEMO_AS_OF,
        models: ['lead_score'],
      },
    );
    expect(exported[0]!.exported).toBeGreaterThan(20);
    const [ext] = await bq.client.bigquery.createDataset('ext');
    await ext.createTable('lead_features', { schema: { fields: [{ name: 'entity_id', type: 'STRING' }] } });
    const missing = lead!.artifact.featureNames[0]!;
    await expect(
      runInWarehouseScoring(
        contextFor(
          trained,
          withScores('inwh_ext', { inWarehouse: { featureTables: { lead_score: 'ext.lead_features' } } }),
        ),
        { asOf: DEMO_AS_OF, scoredAt: SCORED_AT },
      ),
    ).rejects.toThrow(
      `connectors.wh.inWarehouse.featureTables.lead_score: feature table scorebridge-test.ext.lead_features has no column ${missing} (FLOAT64)`,
    );
    await bq.client.bigquery.query(
      'CREATE TABLE ext.lead_full AS SELECT * FROM inwh.scorebridge_features_lead_score',
    );
    const [tally] = await runInWarehouseScoring(
      contextFor(
        trained,
        withScores('inwh_ext', { inWarehouse: { featureTables: { lead_score: 'ext.lead_full' } } }),
      ),
      { asOf: DEMO_AS_OF, scoredAt: SCORED_AT, models: ['lead_score'] },
    );
    expect(tally).toMatchObject({
      model: 'lead_score',
      table: 'ext.lead_full',
      exported: null,
      statementBytes: null,
    });
    expect(tally!.rows).toBe(await count('SELECT COUNT(*) AS n FROM ext.lead_full'));
    expect(await readScores('inwh_ext')).toEqual(
      (await readScores('inwh')).filter((r) => r.model === 'lead_score'),
    );
  }, 120_000);

  it('writes a dbt folder whose models run in BigQuery and give the same scores', async () => {
    const files = await dbtProjectFor(contextFor(trained, trained.config), 'wh', {
      contact: builtinFeatureSet('contact'),
      account: builtinFeatureSet('account'),
    });
    expect(files.map((f) => f.path.replace('models/scorebridge/', '')).sort()).toEqual([
      'README.md',
      'features_account.sql',
      'features_contact.sql',
      'sb_accounts.sql',
      'sb_contacts.sql',
      'sb_deals.sql',
      'sb_events.sql',
      'schema.yml',
      'scores_churn_risk.sql',
      'scores_lead_score.sql',
      'sources.yml',
    ]);
    const sources = files.find((f) => f.path.endsWith('sources.yml'))!.content;
    expect(sources).toContain('database: scorebridge-test');
    expect(sources).toContain('schema: crm');
    const schema = files.find((f) => f.path.endsWith('schema.yml'))!.content;
    expect(schema).toContain('name: login_30d');
    expect(schema).toMatch(/description: logins in the last 30 days \(count\)/);
    await bq.client.bigquery.createDataset('dbt');
    const order = await runDbtModels(files, {
      schema: 'dbt',
      source: (table) => `crm.${table}`,
      asOf: DEMO_AS_OF,
      execute: (sql) => bq.client.bigquery.query(sql),
    });
    expect(order.indexOf('sb_accounts')).toBeLessThan(order.indexOf('sb_contacts'));
    expect(order.indexOf('features_contact')).toBeLessThan(order.indexOf('scores_lead_score'));
    const published = await readScores('inwh');
    for (const model of trained.models) {
      const [rows] = await bq.client.bigquery.query(
        `SELECT entity_id, probability, score, tier FROM dbt.scores_${model.name} ORDER BY entity_id`,
      );
      const mine = published.filter((r) => r.model === model.name);
      expect(rows).toHaveLength(mine.length);
      expect(rows.map((r) => [r.entity_id, r.score, r.tier])).toEqual(
        mine.map((r) => [r.entityId, r.score, r.tier]),
      );
      const diffs = rows.map((row, i) => Math.abs(row.probability - mine[i]!.probability));
      expect(Math.max(...diffs)).toBeLessThanOrEqual(1e-12);
      expect(featureSetOf(model.artifact).name).toBe(model.artifact.featureSet);
    }
  }, 120_000);
});
