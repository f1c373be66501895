import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatedBigQuery, PROJECT, startEmulatedBigQuery } from './emulated-bigquery.ts';

describe('BigQuery emulator fidelity', () => {
  let bq: EmulatedBigQuery;
  beforeAll(async () => {
    bq = await startEmulatedBigQuery();
    const [dataset] = await bq.client.bigquery.createDataset('wire', { location: 'US' });
    await dataset.createTable('events', {
      schema: {
        fields: [
          { name: 'id', type: 'INTEGER', mode: 'REQUIRED' },
          { name: 'ts', type: 'TIMESTAMP' },
          { name: 'label', type: 'STRING' },
          { name: 'payload', type: 'JSON' },
        ],
      },
    });
    const rows = Array.from({ length: 25 }, (_, i) => ({
      id: i + 1,
      ts: `2024-01-01T00:00:${String(i).padStart(2, '0')}.123456Z`,
      label: i % 2 === 0 ? 'even' : 'odd',
      payload: { n: i },
    }));
    await dataset.table('events').insert(rows);
  });
  afterAll(async () => bq?.emulator.close());

  it('returns TIMESTAMP as int64 microseconds on the wire and the client parses it', async () => {
    const raw = await bq.restQuery({
      query: 'SELECT ts FROM `scorebridge-test.wire.events` WHERE id = 1',
      useLegacySql: false,
      formatOptions: { useInt64Timestamp: true },
    });
    expect(raw.rows[0].f[0].v).toBe('1704067200123456');
    expect(raw.schema.fields[0]).toMatchObject({ name: 'ts', type: 'TIMESTAMP' });
    const [rows] = await bq.client.bigquery.query('SELECT ts FROM wire.events WHERE id = 1');
    expect(rows[0].ts.value).toBe('2024-01-01T00:00:00.123456000Z');
  });

  it('pages results with maxResults, pageToken and totalRows', async () => {
    const first = await bq.restQuery({
      query: 'SELECT id FROM wire.events ORDER BY id',
      useLegacySql: false,
      maxResults: 10,
    });
    expect(first).toMatchObject({ jobComplete: true, totalRows: '25', pageToken: '10' });
    expect(first.rows).toHaveLength(10);
    const jobId = first.jobReference.jobId;
    const second = await bq.rest('GET', `/queries/${jobId}?pageToken=20&maxResults=10`);
    expect(second.json.rows.map((row: { f: { v: string }[] }) => row.f[0]?.v)).toEqual([
      '21',
      '22',
      '23',
      '24',
      '25',
    ]);
    expect(second.json.pageToken).toBeUndefined();
    // The client follows page tokens itself: 3 pages of 10 -> all 25 rows.
    const before = bq.emulator.stats.count('jobs.getQueryResults');
    const [rows] = await bq.client.bigquery.query({
      query: 'SELECT id FROM wire.events ORDER BY id',
      maxResults: 10,
    });
    expect(rows.map((row) => row.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(bq.emulator.stats.count('jobs.getQueryResults') - before).toBeGreaterThanOrEqual(1);
  });

  it('binds typed named and positional parameters', async () => {
    const [named] = await bq.client.bigquery.query({
      query: 'SELECT id FROM wire.events WHERE ts > @since AND label = @label AND id < @max ORDER BY id',
      params: { since: new Date('2024-01-01T00:00:10Z'), label: 'even', max: 16 },
    });
    expect(named.map((row) => row.id)).toEqual([11, 13, 15]);
    const [positional] = await bq.client.bigquery.query({
      query: 'SELECT id FROM wire.events WHERE label = ? AND id IN UNNEST(?) ORDER BY id',
      params: ['odd', [2, 4, 5, 7]],
    });
    expect(positional.map((row) => row.id)).toEqual([2, 4]);
    const [safe] = await bq.client.bigquery.query({
      query: "SELECT SAFE_CAST('x' AS INT64) AS n, @s AS s",
      params: { s: "it's" },
    });
    expect(safe[0]).toEqual({ n: null, s: "it's" });
  });

  it('answers errors in the Google error shape with the right codes', async () => {
    const missing = await bq.rest('POST', '/queries', {
      query: 'SELECT * FROM wire.nope',
      useLegacySql: false,
    });
    expect(missing.status).toBe(404);
    expect(missing.json.error.errors[0].reason).toBe('notFound');
    const bad = await bq.rest('POST', '/queries', { query: 'SELEC 1', useLegacySql: false });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
      errors: [{ reason: 'invalidQuery' }],
    });
    await expect(bq.client.bigquery.createDataset('wire')).rejects.toMatchObject({ code: 409 });
    await expect(bq.client.bigquery.dataset('wire').table('ghost').getMetadata()).rejects.toMatchObject({
      code: 404,
    });
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 'x');
    const response = await fetch(
      `${bq.emulator.url}/upload/bigquery/v2/projects/${PROJECT}/jobs?uploadType=multipart`,
      {
        method: 'POST',
        headers: { 'content-type': 'multipart/related; boundary=b' },
        body: huge,
      },
    );
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('10485760');
  });

  it('reports insertAll row errors and writes nothing from a rejected request', async () => {
    const table = bq.client.bigquery.dataset('wire').table('events');
    type PartialFailure = { name: string; errors: { errors: { reason: string }[] }[] };
    const error = (await table
      .insert([{ id: 100, label: 'ok' }, { id: 'not a number' }], { partialRetries: 0 })
      .then(() => null)
      .catch((e: PartialFailure) => e)) as PartialFailure;
    expect(error.name).toBe('PartialFailureError');
    expect(
      error.errors.map((entry: { errors: { reason: string }[] }) => entry.errors[0]?.reason).sort(),
    ).toEqual(['invalid', 'stopped']);
    const [rows] = await bq.client.bigquery.query('SELECT COUNT(*) AS n FROM wire.events WHERE id = 100');
    expect(rows[0].n).toBe(0);
  });

  it('runs multipart NDJSON load jobs that jobs.get reports DONE, with errors on the job', async () => {
    const dataset = bq.client.bigquery.dataset('wire');
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const dir = await mkdtemp(`${(await import('node:os')).tmpdir()}/bq-fidelity-`);
    await writeFile(
      `${dir}/good.json`,
      '{"id": 1, "ts": "2024-02-01 10:00:00 UTC", "payload": [1,2]}\n{"id": 2}\n',
    );
    const [job] = await dataset.table('loaded').createLoadJob(`${dir}/good.json`, {
      schema: {
        fields: [
          { name: 'id', type: 'INTEGER' },
          { name: 'ts', type: 'TIMESTAMP' },
          { name: 'payload', type: 'JSON' },
        ],
      },
    });
    // The upload is answered with a RUNNING job; the client polls jobs.get until DONE.
    expect(job.metadata.status).toEqual({ state: 'RUNNING' });
    await job.promise();
    const [metadata] = await job.getMetadata();
    expect(metadata.status).toEqual({ state: 'DONE' });
    expect(metadata.statistics.load.outputRows).toBe('2');
    await writeFile(`${dir}/bad.json`, '{"id": 3}\n{"id": "three"}\n');
    const [failed] = await dataset.table('loaded').createLoadJob(`${dir}/bad.json`);
    await expect(failed.promise()).rejects.toThrow('Line 2');
    const [rows] = await bq.client.bigquery.query(
      'SELECT COUNT(*) AS n, MAX(UNIX_MICROS(ts)) AS t FROM wire.loaded',
    );
    expect(rows[0]).toEqual({ n: 2, t: 1706781600000000 });
  });

  it('translates partitioned DDL, views and MERGE with dmlStats', async () => {
    const { bigquery } = bq.client;
    await bigquery.query(
      'CREATE TABLE `scorebridge-test.wire.daily` (k STRING NOT NULL, v FLOAT64, ts TIMESTAMP) PARTITION BY DATE(ts) CLUSTER BY k OPTIONS(description="d")',
    );
    const [metadata] = await bigquery.dataset('wire').table('daily').getMetadata();
    expect(metadata.timePartitioning).toEqual({ type: 'DAY', field: 'ts' });
    expect(metadata.schema.fields.map((field: { type: string }) => field.type)).toEqual([
      'STRING',
      'FLOAT',
      'TIMESTAMP',
    ]);
    await bigquery.query(
      "INSERT INTO wire.daily (k, v, ts) VALUES ('a', 1.5, TIMESTAMP '2024-01-01 00:00:00+00')",
    );
    const merge = (await bigquery.query(
      "MERGE wire.daily T USING (SELECT 'a' AS k, 2.5 AS v UNION ALL SELECT 'b', 1.0) S ON T.k = S.k " +
        'WHEN MATCHED THEN UPDATE SET T.v = S.v WHEN NOT MATCHED THEN INSERT (k, v, ts) VALUES (S.k, S.v, TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 1 HOUR))',
    )) as unknown as [unknown, unknown, { dmlStats: unknown }];
    expect(merge[2].dmlStats).toEqual({ insertedRowCount: '1', updatedRowCount: '1', deletedRowCount: '0' });
    await bigquery.query(
      'CREATE OR REPLACE VIEW wire.daily_v AS SELECT k, v FROM wire.daily WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) = 1',
    );
    const [view] = await bigquery.dataset('wire').table('daily_v').getMetadata();
    expect(view.type).toBe('VIEW');
    const [rows] = await bigquery.query('SELECT * FROM wire.daily_v ORDER BY k');
    expect(rows).toEqual([
      { k: 'a', v: 2.5 },
      { k: 'b', v: 1 },
    ]);
  });
});
