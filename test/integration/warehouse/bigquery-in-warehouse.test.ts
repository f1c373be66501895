import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInWarehouseScoring } from '../../../app/warehouse/in-warehouse-scoring.ts';
import { DEMO_AS_OF } from '../../helpers/scoring-pipeline/demo-store.ts';
import { type EmulatedBigQuery, startEmulatedBigQuery } from '../connectors/bigquery/emulated-bigquery.ts';
import {
  contextFor,
  expectMatchesInProcess,
  SCORED_AT,
  type TrainedDemo,
  trainedDemo,
  type WarehouseScore,
} from './in-warehouse-harness.ts';

/**
 * `score --in-warehouse` against the BigQuery emulator through @google-cloud/bigquery: features
 * exported with load jobs, scored by the compiled SQL with one MERGE, read back through the client.
 */
describe('in-warehouse scoring on BigQuery', () => {
  let trained: TrainedDemo;
  let bq: EmulatedBigQuery;

  beforeAll(async () => {
    [trained, bq] = await Promise.all([trainedDemo(), startEmulatedBigQuery()]);
  }, 120_000);
  afterAll(async () => {
    await bq?.emulator.close();
    await trained?.demo.cleanup();
  });

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
  const historyCount = async (dataset: string): Promise<number> => {
    const [rows] = await bq.client.bigquery.query(
      `SELECT COUNT(*) AS n FROM ${dataset}.scorebridge_score_history`,
    );
    return Number(rows[0].n);
  };

  it('exports features, scores in the warehouse equal to in-process scores, and is idempotent', async () => {
    const context = contextFor(trained, bq.config({ dataset: 'inwh' }));
    const options = { asOf: DEMO_AS_OF, scoredAt: SCORED_AT };
    const first = await runInWarehouseScoring(await trained.demo.features(), context, options);
    const rows = await readScores('inwh');
    await expectMatchesInProcess(trained, rows, first);
    expect(rows.every((row) => row.entityType === (row.model === 'lead_score' ? 'contact' : 'account'))).toBe(
      true,
    );
    const [features] = await bq.client.bigquery.query(
      'SELECT COUNT(*) AS n FROM inwh.scorebridge_features_lead_score',
    );
    expect(Number(features[0].n)).toBe(first[0]!.exported);
    const history = await historyCount('inwh');
    expect(history).toBe(rows.length);

    const second = await runInWarehouseScoring(await trained.demo.features(), context, options);
    expect(second.map((t) => t.rows)).toEqual(first.map((t) => t.rows));
    expect(await readScores('inwh')).toEqual(rows);
    expect(await historyCount('inwh')).toBe(history);
  }, 120_000);

  it('scores a configured feature table as is, and names a missing column', async () => {
    const [lead] = trained.models;
    const [ext] = await bq.client.bigquery.createDataset('ext');
    await ext.createTable('lead_features', { schema: { fields: [{ name: 'entity_id', type: 'STRING' }] } });
    const context = contextFor(
      trained,
      bq.config({
        dataset: 'inwh_ext',
        inWarehouse: { featureTables: { lead_score: 'ext.lead_features' } },
      }),
    );
    const missing = lead!.artifact.featureNames[0]!;
    await expect(
      runInWarehouseScoring(await trained.demo.features(), context, {
        asOf: DEMO_AS_OF,
        scoredAt: SCORED_AT,
      }),
    ).rejects.toThrow(
      `connectors.wh.inWarehouse.featureTables.lead_score: feature table scorebridge-test.ext.lead_features has no column ${missing} (FLOAT64)`,
    );

    // A complete table the data team maintains is scored as is: nothing exported.
    await bq.client.bigquery.query(
      'CREATE TABLE ext.lead_full AS SELECT * FROM inwh.scorebridge_features_lead_score',
    );
    const complete = contextFor(
      trained,
      bq.config({ dataset: 'inwh_ext', inWarehouse: { featureTables: { lead_score: 'ext.lead_full' } } }),
    );
    const [tally] = await runInWarehouseScoring(await trained.demo.features(), complete, {
      asOf: DEMO_AS_OF,
      scoredAt: SCORED_AT,
      models: ['lead_score'],
    });
    const [counted] = await bq.client.bigquery.query('SELECT COUNT(*) AS n FROM ext.lead_full');
    expect(tally).toMatchObject({ model: 'lead_score', table: 'ext.lead_full', exported: null });
    expect(tally!.rows).toBe(Number(counted[0].n));
    expect(await readScores('inwh_ext')).toEqual(
      (await readScores('inwh')).filter((row) => row.model === 'lead_score'),
    );
  }, 60_000);
});
