import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInWarehouseScoring } from '../../../app/warehouse/in-warehouse-scoring.ts';
import { type SnowflakeEmulator, startSnowflakeEmulator } from '../../../emulators/snowflake/index.ts';
import { DEMO_AS_OF } from '../../helpers/scoring-pipeline/demo-store.ts';
import { connect, emulatorConfig } from '../connectors/snowflake/fixtures.ts';
import {
  contextFor,
  expectMatchesInProcess,
  SCORED_AT,
  type TrainedDemo,
  trainedDemo,
  type WarehouseScore,
} from './in-warehouse-harness.ts';

/**
 * `score --in-warehouse` against the Snowflake emulator through snowflake-sdk: features exported with
 * array binds, scored by the compiled SQL with one MERGE, read back through the driver.
 */
describe('in-warehouse scoring on Snowflake', () => {
  let trained: TrainedDemo;
  let emulator: SnowflakeEmulator;

  beforeAll(async () => {
    [trained, emulator] = await Promise.all([trainedDemo(), startSnowflakeEmulator()]);
  }, 120_000);
  afterAll(async () => {
    await emulator?.close();
    await trained?.demo.cleanup();
  });

  const query = async (schema: string, sql: string): Promise<Record<string, unknown>[]> => {
    const client = await connect(emulatorConfig(emulator, { schema }));
    try {
      return await client.execute(sql);
    } finally {
      await client.close();
    }
  };
  const readScores = async (schema: string): Promise<WarehouseScore[]> => {
    const rows = await query(schema, 'SELECT * FROM SCOREBRIDGE_SCORES ORDER BY MODEL, ENTITY_ID');
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
    Number((await query(schema, 'SELECT COUNT(*) AS N FROM SCOREBRIDGE_SCORE_HISTORY'))[0]!.N);

  it('exports features, scores in the warehouse equal to in-process scores, and is idempotent', async () => {
    const context = contextFor(trained, emulatorConfig(emulator, { schema: 'INWH' }));
    const options = { asOf: DEMO_AS_OF, scoredAt: SCORED_AT };
    const first = await runInWarehouseScoring(await trained.demo.features(), context, options);
    const rows = await readScores('INWH');
    await expectMatchesInProcess(trained, rows, first);
    const features = await query('INWH', 'SELECT COUNT(*) AS N FROM SCOREBRIDGE_FEATURES_LEAD_SCORE');
    expect(Number(features[0]!.N)).toBe(first[0]!.exported);
    const history = await historyCount('INWH');
    expect(history).toBe(rows.length);

    const second = await runInWarehouseScoring(await trained.demo.features(), context, options);
    expect(second.map((t) => t.rows)).toEqual(first.map((t) => t.rows));
    expect(await readScores('INWH')).toEqual(rows);
    expect(await historyCount('INWH')).toBe(history);
  }, 120_000);

  it('scores a configured feature table as is, and names a missing column', async () => {
    const [lead] = trained.models;
    await query('INWH', 'CREATE SCHEMA IF NOT EXISTS EXT');
    await query('INWH', 'CREATE TABLE EXT.LEAD_FEATURES (ENTITY_ID VARCHAR)');
    const broken = contextFor(
      trained,
      emulatorConfig(emulator, {
        schema: 'INWH_EXT',
        inWarehouse: { featureTables: { lead_score: 'ext.lead_features' } },
      }),
    );
    const missing = lead!.artifact.featureNames[0]!.toUpperCase();
    await expect(
      runInWarehouseScoring(await trained.demo.features(), broken, { asOf: DEMO_AS_OF, scoredAt: SCORED_AT }),
    ).rejects.toThrow(
      `connectors.wh.inWarehouse.featureTables.lead_score: feature table EXT.LEAD_FEATURES has no column ${missing} (DOUBLE)`,
    );

    await query('INWH', 'CREATE TABLE EXT.LEAD_FULL AS SELECT * FROM INWH.SCOREBRIDGE_FEATURES_LEAD_SCORE');
    const complete = contextFor(
      trained,
      emulatorConfig(emulator, {
        schema: 'INWH_EXT',
        inWarehouse: { featureTables: { lead_score: 'EXT.LEAD_FULL' } },
      }),
    );
    const [tally] = await runInWarehouseScoring(await trained.demo.features(), complete, {
      asOf: DEMO_AS_OF,
      scoredAt: SCORED_AT,
      models: ['lead_score'],
    });
    expect(tally).toMatchObject({ model: 'lead_score', table: 'EXT.LEAD_FULL', exported: null });
    expect(await readScores('INWH_EXT')).toEqual(
      (await readScores('INWH')).filter((row) => row.model === 'lead_score'),
    );
  }, 60_000);
});
