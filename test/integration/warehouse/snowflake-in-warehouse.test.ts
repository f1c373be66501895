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
import type { SnowflakeConnectorConfig } from '../../../connectors/snowflake/config.ts';
import { type SnowflakeEmulator, startSnowflakeEmulator } from '../../../emulators/snowflake/index.ts';
import { builtinFeatureSet } from '../../../scoring/features/feature-set.ts';
import { DEMO_AS_OF } from '../../helpers/scoring-pipeline/demo-store.ts';
import { connect, emulatorConfig } from '../connectors/snowflake/fixtures.ts';
import {
  contextFor,
  expectFeaturesMatch,
  expectMatchesInProcess,
  runDbtModels,
  SCORED_AT,
  type WarehouseScore,
  warehouseFeaturesSql,
} from './in-warehouse-harness.ts';
import { demoStreams, snowflakeDemo, type WarehouseDemo } from './warehouse-demo.ts';

/**
 * `score --in-warehouse` against the Snowflake emulator through snowflake-sdk: the demo business
 * lives in Snowflake tables (unquoted, so upper-case), the local store is synced from them by the
 * same connector, and Snowflake computes population, features and scores in one statement per model.
 */
describe('in-warehouse scoring on Snowflake', () => {
  let trained: WarehouseDemo & { config: SnowflakeConnectorConfig };
  let emulator: SnowflakeEmulator;

  beforeAll(async () => {
    emulator = await startSnowflakeEmulator();
    trained = await snowflakeDemo(emulatorConfig(emulator, { schema: 'SALES', streams: demoStreams(true) }));
  }, 180_000);
  afterAll(async () => {
    await trained?.demo.cleanup();
    await emulator?.close();
  });

  const withScores = (schema: string, extra: Record<string, unknown> = {}) =>
    emulatorConfig(emulator, {
      schema: 'SALES',
      streams: demoStreams(true),
      scores: { schema },
      ...extra,
    });
  const query = async (sql: string): Promise<Record<string, unknown>[]> => {
    const client = await connect(trained.config);
    try {
      return await client.execute(sql);
    } finally {
      await client.close();
    }
  };
  const readScores = async (schema: string): Promise<WarehouseScore[]> => {
    const rows = await query(`SELECT * FROM ${schema}.SCOREBRIDGE_SCORES ORDER BY MODEL, ENTITY_ID`);
    return rows.map((row) => ({
      entityType: String(row.ENTITY_TYPE),
      entityId: String(row.ENTITY_ID),
      model: String(row.MODEL),
      kind: String(row.KIND),
      modelVersion: String(row.MODEL_VERSION),
      probability: Number(row.PROBABILITY),
      score: Number(row.SCORE),
      tier: String(row.TIER),
      reasons: row.REASONS,
      amount: row.AMOUNT,
      action: row.ACTION,
      scoredAt: (row.SCORED_AT as Date).toISOString(),
    }));
  };
  const historyCount = async (schema: string): Promise<number> =>
    Number((await query(`SELECT COUNT(*) AS N FROM ${schema}.SCOREBRIDGE_SCORE_HISTORY`))[0]!.N);
  const relations = () => {
    const publisher = createScorePublisher('wh', trained.config)!;
    return warehouseRelations('wh', trained.config, publisher).finally(() => publisher.close());
  };

  it('computes population, features and scores inside Snowflake, equal to in-process scoring, idempotently', async () => {
    await query('CREATE SCHEMA IF NOT EXISTS INWH');
    const context = contextFor(trained, withScores('INWH'));
    const options = { asOf: DEMO_AS_OF, scoredAt: SCORED_AT };
    const first = await runInWarehouseScoring(context, options);
    const rows = await readScores('INWH');
    await expectMatchesInProcess(trained, rows, first);
    const tables = await query(
      "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'INWH' ORDER BY TABLE_NAME",
    );
    expect(tables.map((t) => t.TABLE_NAME)).not.toContain('SCOREBRIDGE_FEATURES_LEAD_SCORE');
    const history = await historyCount('INWH');
    expect(history).toBe(rows.length);

    const second = await runInWarehouseScoring(context, options);
    expect(second.map((t) => t.rows)).toEqual(first.map((t) => t.rows));
    expect(await readScores('INWH')).toEqual(rows);
    expect(await historyCount('INWH')).toBe(history);
  }, 120_000);

  it('computes every feature of every entity as the embedded engine does, and fits the query size limit', async () => {
    const graph = await relations();
    for (const [set, kind] of [
      [builtinFeatureSet('contact'), 'lead'],
      [builtinFeatureSet('account'), 'churn'],
    ] as const) {
      const rows = await query(warehouseFeaturesSql(graph, set, kind));
      const compared = await expectFeaturesMatch(trained, set, kind, rows, (name) => name.toUpperCase());
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
    }
  }, 120_000);

  it('reads the canonical relations from tables the config names', async () => {
    const graph = await relations();
    await query('CREATE SCHEMA IF NOT EXISTS ANALYTICS');
    for (const name of CANONICAL_NAMES)
      await query(
        `CREATE TABLE ANALYTICS.${name} AS WITH ${relationCtes(graph.nodes).join(',\n')}\nSELECT * FROM ${name}`,
      );
    await query('CREATE SCHEMA IF NOT EXISTS INWH_REL');
    const relationsConfig = {
      contacts: 'ANALYTICS.SB_CONTACTS',
      accounts: 'analytics.sb_accounts',
      events: 'ANALYTICS.SB_EVENTS',
      deals: 'ANALYTICS.SB_DEALS',
    };
    const context = contextFor(
      trained,
      withScores('INWH_REL', { inWarehouse: { relations: relationsConfig } }),
    );
    await runInWarehouseScoring(context, { asOf: DEMO_AS_OF, scoredAt: SCORED_AT });
    expect(await readScores('INWH_REL')).toEqual(await readScores('INWH'));
  }, 120_000);

  it('scores a feature table the data team maintains as is, and names a missing column', async () => {
    const [lead] = trained.models;
    await exportFeatureTables(await trained.demo.features(), contextFor(trained, withScores('INWH')), {
      asOf: DEMO_AS_OF,
      models: ['lead_score'],
    });
    await query('CREATE SCHEMA IF NOT EXISTS EXT');
    await query('CREATE TABLE EXT.LEAD_FEATURES (ENTITY_ID VARCHAR)');
    await query('CREATE SCHEMA IF NOT EXISTS INWH_EXT');
    const missing = lead!.artifact.featureNames[0]!.toUpperCase();
    await expect(
      runInWarehouseScoring(
        contextFor(
          trained,
          withScores('INWH_EXT', { inWarehouse: { featureTables: { lead_score: 'ext.lead_features' } } }),
        ),
        { asOf: DEMO_AS_OF, scoredAt: SCORED_AT },
      ),
    ).rejects.toThrow(
      `connectors.wh.inWarehouse.featureTables.lead_score: feature table EXT.LEAD_FEATURES has no column ${missing} (DOUBLE)`,
    );
    await query('CREATE TABLE EXT.LEAD_FULL AS SELECT * FROM INWH.SCOREBRIDGE_FEATURES_LEAD_SCORE');
    const [tally] = await runInWarehouseScoring(
      contextFor(
        trained,
        withScores('INWH_EXT', { inWarehouse: { featureTables: { lead_score: 'EXT.LEAD_FULL' } } }),
      ),
      { asOf: DEMO_AS_OF, scoredAt: SCORED_AT, models: ['lead_score'] },
    );
    expect(tally).toMatchObject({ model: 'lead_score', table: 'EXT.LEAD_FULL', exported: null });
    expect(await readScores('INWH_EXT')).toEqual(
      (await readScores('INWH')).filter((row) => row.model === 'lead_score'),
    );
  }, 120_000);

  it('writes a dbt folder whose models run in Snowflake and give the same scores', async () => {
    const files = await dbtProjectFor(contextFor(trained, trained.config), 'wh', {
      contact: builtinFeatureSet('contact'),
      account: builtinFeatureSet('account'),
    });
    const sources = files.find((f) => f.path.endsWith('sources.yml'))!.content;
    expect(sources).toContain('database: CRM');
    expect(sources).toContain('schema: SALES');
    expect(sources).toContain('name: EVENTS');
    await query('CREATE SCHEMA IF NOT EXISTS DBT');
    await runDbtModels(files, {
      schema: 'DBT',
      source: (table) => `SALES.${table}`,
      asOf: DEMO_AS_OF,
      execute: (sql) => query(sql),
    });
    const published = await readScores('INWH');
    for (const model of trained.models) {
      const rows = await query(
        `SELECT ENTITY_ID, PROBABILITY, SCORE, TIER FROM DBT.SCORES_${model.name} ORDER BY ENTITY_ID`,
      );
      const mine = published.filter((r) => r.model === model.name);
      expect(rows.map((r) => [r.ENTITY_ID, Number(r.SCORE), r.TIER])).toEqual(
        mine.map((r) => [r.entityId, r.score, r.tier]),
      );
      const diffs = rows.map((row, i) => Math.abs(Number(row.PROBABILITY) - mine[i]!.probability));
      expect(Math.max(...diffs)).toBeLessThanOrEqual(1e-12);
    }
  }, 120_000);
});
