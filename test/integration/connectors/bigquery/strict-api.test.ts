import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryScorePublisher } from '../../../../connectors/bigquery/publisher.ts';
import { BigQuerySourceConnector } from '../../../../connectors/bigquery/source.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { startBigQueryEmulator } from '../../../../emulators/bigquery/index.ts';
import { type EmulatedBigQuery, PROJECT, startEmulatedBigQuery } from './emulated-bigquery.ts';

const BIG = '9007199254740993'; // 2^53 + 1: a double rounds it to ...992
const INT64_MAX = '9223372036854775807';

describe('BigQuery emulator, strict by default, through @google-cloud/bigquery', () => {
  let bq: EmulatedBigQuery;
  beforeAll(async () => {
    bq = await startEmulatedBigQuery();
    const [dataset] = await bq.client.bigquery.createDataset('strict', { location: 'US' });
    await dataset.createTable('people', {
      schema: {
        fields: [
          { name: 'id', type: 'INTEGER', mode: 'REQUIRED' },
          { name: 'email', type: 'STRING' },
          { name: 'updated_at', type: 'TIMESTAMP' },
          { name: 'visits', type: 'INTEGER' },
          { name: 'note', type: 'JSON' },
        ],
      },
    });
    // insertAll with INT64 as bare JSON numbers beyond 2^53 (raw text: a JS number could not hold them).
    const insert = await bq.rest(
      'POST',
      '/datasets/strict/tables/people/insertAll',
      `{"rows":[{"json":{"id":${BIG},"email":"big@example.com","updated_at":"2026-01-01T10:00:00Z","visits":${INT64_MAX},"note":{"n":${BIG}}}},` +
        '{"json":{"id":7,"email":"small@example.com","updated_at":"2026-01-01T11:00:00Z","visits":3}}]}',
    );
    expect(insert.json.insertErrors).toBeUndefined();
  });
  afterAll(async () => bq?.emulator.close());

  it('answers a query job not complete on its first look; the client polls getQueryResults', async () => {
    const first = await bq.rest('POST', '/queries', {
      query: 'SELECT id FROM strict.people',
      useLegacySql: false,
    });
    expect(first.json).toEqual({
      kind: 'bigquery#queryResponse',
      jobReference: { projectId: PROJECT, jobId: expect.any(String), location: 'US' },
      jobComplete: false,
    });
    const polled = await bq.rest('GET', `/queries/${first.json.jobReference.jobId}?timeoutMs=0`);
    expect(polled.json).toMatchObject({ jobComplete: true, totalRows: '2' });
    expect((await bq.rest('GET', `/queries/${first.json.jobReference.jobId}?timeoutMs=-5`)).status).toBe(400);

    const before = bq.emulator.stats.incompletePolls;
    const [rows] = await bq.client.bigquery.query('SELECT COUNT(*) AS n FROM strict.people');
    expect(rows).toEqual([{ n: 2 }]);
    expect(bq.emulator.stats.incompletePolls - before).toBe(1);
    // A caller that sets timeoutMs is told the job outlasted it, as the client does against BigQuery.
    await expect(bq.client.bigquery.query({ query: 'SELECT 1 AS one' }, { timeoutMs: 1000 })).rejects.toThrow(
      'did not complete before 1000ms',
    );
  });

  it('offers the lenient variant (every job done at once) only as an explicit option', async () => {
    const lenient = await startBigQueryEmulator({ projectId: 'lenient', pollsUntilDone: 0 });
    try {
      const response = await fetch(`${lenient.url}/bigquery/v2/projects/lenient/queries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'SELECT 1 AS one', useLegacySql: false }),
      });
      expect(await response.json()).toMatchObject({ jobComplete: true, totalRows: '1' });
    } finally {
      await lenient.close();
    }
  });

  it('returns only selectedFields from tabledata.list, and the client maps them by name', async () => {
    const table = bq.client.bigquery.dataset('strict').table('people');
    const [rows] = await table.getRows({ selectedFields: 'email,id', wrapIntegers: true });
    expect(rows.map((row) => ({ id: row.id.value, email: row.email }))).toEqual([
      { id: BIG, email: 'big@example.com' },
      { id: '7', email: 'small@example.com' },
    ]);
    expect(Object.keys(rows[0]!)).toEqual(['id', 'email']);
    const raw = await bq.rest('GET', '/datasets/strict/tables/people/data?selectedFields=email,id');
    expect(raw.json.rows[0].f).toEqual([{ v: BIG }, { v: 'big@example.com' }]);
    expect((await bq.rest('GET', '/datasets/strict/tables/people/data?selectedFields=nope')).status).toBe(
      400,
    );
  });

  it('keeps INT64 exact on the wire, in insertAll and load jobs, and rejects values beyond INT64', async () => {
    const page = await bq.restQuery({
      query: 'SELECT id, visits, TO_JSON_STRING(note) AS note FROM strict.people ORDER BY updated_at',
      useLegacySql: false,
    });
    expect(page.rows[0].f).toEqual([{ v: BIG }, { v: INT64_MAX }, { v: `{"n":${BIG}}` }]);
    const dir = await mkdtemp(`${tmpdir()}/bq-int64-`);
    await writeFile(
      `${dir}/ok.json`,
      `{"id": ${INT64_MAX}, "visits": -9223372036854775808}\n{"id": "${BIG}"}\n`,
    );
    const table = bq.client.bigquery.dataset('strict').table('loaded');
    const schema = {
      fields: [
        { name: 'id', type: 'INTEGER' },
        { name: 'visits', type: 'INTEGER' },
      ],
    };
    const [job] = await table.createLoadJob(`${dir}/ok.json`, { schema });
    await job.promise();
    const [rows] = await bq.client.bigquery.query({
      query: 'SELECT id, visits FROM strict.loaded ORDER BY id',
      wrapIntegers: true,
    });
    expect(rows.map((row) => [row.id.value, row.visits?.value ?? null])).toEqual([
      [BIG, null],
      [INT64_MAX, '-9223372036854775808'],
    ]);
    await writeFile(`${dir}/overflow.json`, '{"id": 9223372036854775808}\n');
    const [overflow] = await table.createLoadJob(`${dir}/overflow.json`);
    await expect(overflow.promise()).rejects.toThrow('Cannot convert value to integer');
  });

  it('the source connector reads ids and counts above 2^53 exactly, under the polling path', async () => {
    const source = new BigQuerySourceConnector(
      'warehouse',
      bq.config({
        dataset: 'strict',
        streams: { contacts: { kind: 'contact', table: 'people', idColumn: 'id', properties: ['visits'] } },
      }),
      { client: bq.client },
    );
    const before = bq.emulator.stats.incompletePolls;
    const context = { clock: new FixedClock('2026-01-02T00:00:00Z'), logger: silentLogger() };
    const records = [];
    for await (const batch of source.read('contacts', null, context)) records.push(...batch.records);
    expect(records.map((record) => [record.ref.externalId, record.properties.visits])).toEqual([
      [BIG, INT64_MAX],
      ['7', 3],
    ]);
    expect(bq.emulator.stats.incompletePolls).toBeGreaterThan(before);
  });

  it('the publisher loads 64-bit integer features exactly', async () => {
    const publisher = new BigQueryScorePublisher('warehouse', bq.config({ dataset: 'strict' }), {
      client: bq.client,
    });
    const rows = [
      { entity_id: 'c1', visits: BigInt(INT64_MAX) },
      { entity_id: 'c2', visits: 5n },
    ];
    const result = await publisher.loadFeatureTable(
      'features',
      [{ column: 'visits', kind: 'numeric', sqlType: 'INT64' }],
      ['entity_id'],
      (async function* () {
        yield rows;
      })(),
    );
    expect(result.rows).toBe(2);
    const [loaded] = await bq.client.bigquery.query({
      query: 'SELECT entity_id, CAST(visits AS STRING) AS visits FROM strict.features ORDER BY entity_id',
    });
    expect(loaded).toEqual([
      { entity_id: 'c1', visits: INT64_MAX },
      { entity_id: 'c2', visits: '5' },
    ]);
  });
});
