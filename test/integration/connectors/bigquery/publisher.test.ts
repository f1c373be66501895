import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryScorePublisher } from '../../../../connectors/bigquery/publisher.ts';
import { type EmulatedBigQuery, makeScore, pagesOf, startEmulatedBigQuery } from './emulated-bigquery.ts';

describe('BigQuery score publisher', () => {
  let bq: EmulatedBigQuery;
  let runs = 0;
  const publisher = (
    dataset: string,
    options: ConstructorParameters<typeof BigQueryScorePublisher>[2] = {},
  ) =>
    new BigQueryScorePublisher('warehouse', bq.config({ scores: { dataset } }), {
      client: bq.client,
      runId: () => `run${++runs}`,
      ...options,
    });
  const snapshot = async (dataset: string) => {
    const [rows] = await bq.client.bigquery.query(
      `SELECT entity_id, model, score, tier, TO_JSON_STRING(reasons) AS reasons, UNIX_MICROS(scored_at) AS t FROM ${dataset}.scorebridge_scores ORDER BY entity_id, model`,
    );
    return rows;
  };
  const count = async (table: string) => {
    const [rows] = await bq.client.bigquery.query(`SELECT COUNT(*) AS n FROM ${table}`);
    return rows[0].n as number;
  };

  beforeAll(async () => {
    bq = await startEmulatedBigQuery();
  });
  afterAll(async () => bq?.emulator.close());

  it('creates the dataset, tables and latest view, then finds them on the next run', async () => {
    const first = await publisher('scores_a').ensureScoreTables();
    expect(first.created).toEqual([
      'scores_a',
      'scorebridge_scores',
      'scorebridge_score_history',
      'scorebridge_latest_scores',
    ]);
    const [history] = await bq.client.bigquery
      .dataset('scores_a')
      .table('scorebridge_score_history')
      .getMetadata();
    expect(history.timePartitioning).toEqual({ type: 'DAY', field: 'scored_at' });
    const second = await publisher('scores_a').ensureScoreTables();
    expect(second).toEqual({
      created: [],
      existing: ['scorebridge_scores', 'scorebridge_score_history', 'scorebridge_latest_scores'],
    });
  });

  it('is idempotent: the same publish twice leaves the same tables', async () => {
    const scores = Array.from({ length: 300 }, (_, i) => makeScore(i));
    // A key repeated within one publish keeps its newest score.
    scores.push(makeScore(5, { value: 99, tier: 'high', computedAt: '2026-01-02T00:00:00.000Z' }));
    const first = await publisher('scores_b').publishScores(pagesOf(scores, 64));
    expect(first).toMatchObject({ rows: 301, merged: 300, loadedBy: '1 load job of NDJSON' });
    const afterFirst = await snapshot('scores_b');
    expect(afterFirst).toHaveLength(300);
    expect(afterFirst.find((row) => row.entity_id === 'c_0000005')).toMatchObject({
      score: 99,
      tier: 'high',
    });
    expect(JSON.parse(afterFirst[0].reasons)[0]).toMatchObject({ feature: 'logins_30d' });

    const second = await publisher('scores_b').publishScores(pagesOf(scores, 64));
    expect(second).toMatchObject({ rows: 301, merged: 0 });
    expect(await snapshot('scores_b')).toEqual(afterFirst);
    expect(await count('scores_b.scorebridge_score_history')).toBe(301);
    expect(await count('scores_b.scorebridge_latest_scores')).toBe(300);
    // The staging table of each run is dropped.
    const [tables] = await bq.client.bigquery.query(
      "SELECT 1 FROM scores_b.scorebridge_scores WHERE entity_id = 'none'",
    );
    expect(tables).toEqual([]);
    await expect(
      bq.client.bigquery.dataset('scores_b').table('scorebridge_scores_staging_run2').getMetadata(),
    ).rejects.toMatchObject({
      code: 404,
    });

    const newer = scores
      .slice(0, 10)
      .map((score) => ({ ...score, value: 1, tier: 'low' as const, computedAt: '2026-02-01T00:00:00.000Z' }));
    const third = await publisher('scores_b').publishScores(pagesOf(newer));
    expect(third.merged).toBe(10);
    expect(await count('scores_b.scorebridge_score_history')).toBe(311);
  });

  it('names the table, column, expected and found type when an existing table drifted', async () => {
    await bq.client.bigquery.createDataset('scores_c');
    await bq.client.bigquery.query(
      'CREATE TABLE scores_c.scorebridge_scores (entity_type STRING, entity_id STRING, model STRING, kind STRING, model_version STRING, score STRING, tier STRING, reasons JSON, amount FLOAT64, action STRING, scored_at TIMESTAMP)',
    );
    const error = await publisher('scores_c')
      .ensureScoreTables()
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(
      'scorebridge-test.scores_c.scorebridge_scores: column score has type STRING, expected FLOAT',
    );
    expect((error as Error).message).toContain('column probability is missing (expected FLOAT)');
  });

  it('splits a large publish into several load requests under the request size limit', async () => {
    const scores = Array.from({ length: 6000 }, (_, i) => makeScore(i));
    const uploadsBefore = bq.emulator.stats.count('jobs.insert.upload');
    const small = publisher('scores_d', { maxRequestBytes: 96 * 1024 });
    const result = await small.publishScores(pagesOf(scores, 1000));
    const uploads = bq.emulator.stats.count('jobs.insert.upload') - uploadsBefore;
    expect(result).toMatchObject({ rows: 6000, merged: 6000 });
    expect(uploads).toBeGreaterThanOrEqual(3);
    expect(await count('scores_d.scorebridge_scores')).toBe(6000);
    expect(bq.emulator.stats.byStatus['413']).toBeUndefined();
    // Requests: ensure (dataset get+create, 2 tables, view query + its poll), each upload + one
    // jobs.get poll (the upload answers RUNNING), MERGE and INSERT (jobs.query answers
    // jobComplete: false, then one getQueryResults each), staging delete.
    expect(result.requests).toBe(6 + 2 * uploads + 2 * 2 + 1);
  });

  it('splits uncompressed NDJSON by the real 10 MB limit', async () => {
    const scores = Array.from({ length: 40_000 }, (_, i) => makeScore(i));
    const uploadsBefore = bq.emulator.stats.count('jobs.insert.upload');
    const result = await publisher('scores_e', { compress: false }).publishScores(pagesOf(scores, 5000));
    expect(result.rows).toBe(40_000);
    expect(bq.emulator.stats.count('jobs.insert.upload') - uploadsBefore).toBe(2);
    expect(await count('scores_e.scorebridge_scores')).toBe(40_000);
  });
});
