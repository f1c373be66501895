import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQuerySourceConnector } from '../../../../connectors/bigquery/source.ts';
import { FixedClock } from '../../../../core/clock.ts';
import type { Cursor, SourceBatch } from '../../../../core/connectors/source.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { type EmulatedBigQuery, startEmulatedBigQuery } from './emulated-bigquery.ts';

const context = { clock: new FixedClock('2026-01-01T00:00:00Z'), logger: silentLogger() };

async function readAll(source: BigQuerySourceConnector, stream: string, cursor: Cursor | null) {
  const batches: SourceBatch[] = [];
  for await (const batch of source.read(stream, cursor, context)) batches.push(batch);
  return batches;
}

describe('BigQuery source', () => {
  let bq: EmulatedBigQuery;
  let source: BigQuerySourceConnector;
  beforeAll(async () => {
    bq = await startEmulatedBigQuery();
    const { bigquery } = bq.client;
    await bigquery.createDataset('crm');
    await bigquery.query(
      'CREATE TABLE crm.people (id STRING NOT NULL, email STRING, first_name STRING, account_id STRING, updated_at TIMESTAMP, plan STRING)',
    );
    await bigquery.query(
      `INSERT INTO crm.people (id, email, first_name, account_id, updated_at, plan) VALUES
       ('p1', 'ann@example.com', 'Ann', 'a1', TIMESTAMP '2026-01-01 10:00:00.000001+00', 'pro'),
       ('p2', 'bob@example.com', 'Bob', NULL, TIMESTAMP '2026-01-01 10:00:00.000001+00', 'free'),
       ('p3', 'not-an-email', 'Cy', NULL, TIMESTAMP '2026-01-01 11:00:00+00', NULL),
       ('p4', 'dee@example.com', 'Dee', 'a2', TIMESTAMP '2026-01-01 12:00:00+00', 'pro'),
       ('p5', 'eve@example.com', 'Eve', NULL, TIMESTAMP '2026-01-01 12:00:00+00', 'pro')`,
    );
    source = new BigQuerySourceConnector(
      'warehouse',
      bq.config({
        pageSize: 2,
        streams: {
          contacts: { kind: 'contact', table: 'people', lookbackMinutes: 30, properties: ['plan'] },
          pro_contacts: { kind: 'contact', sql: "SELECT * FROM crm.people WHERE plan = 'pro'" },
        },
      }),
      { client: bq.client },
    );
  });
  afterAll(async () => bq?.emulator.close());

  it('reads every row in (updated_at, id) order in pages, rejecting bad rows with their id', async () => {
    const batches = await readAll(source, 'contacts', null);
    expect(batches.map((batch) => batch.records.length + batch.rejected.length)).toEqual([2, 2, 1]);
    const records = batches.flatMap((batch) => batch.records);
    expect(records.map((record) => record.ref.externalId)).toEqual(['p1', 'p2', 'p4', 'p5']);
    expect(records[0]).toMatchObject({
      kind: 'contact',
      email: 'ann@example.com',
      firstName: 'Ann',
      account: { system: 'warehouse', objectType: 'accounts', externalId: 'a1' },
      updatedAt: '2026-01-01T10:00:00.000Z',
      properties: { plan: 'pro' },
    });
    const rejected = batches.flatMap((batch) => batch.rejected);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.location).toEqual({ column: 'email', recordId: 'p3' });
    expect(rejected[0]!.reason).toContain('record p3');
    expect(batches.at(-1)!.cursor).toEqual({ updatedAt: '2026-01-01T12:00:00.000Z', id: 'p5' });
  });

  it('resumes from the cursor, re-reading only the look-back window and picking up changes', async () => {
    const cursor = { updatedAt: '2026-01-01T12:00:00.000Z', id: 'p5' };
    const unchanged = await readAll(source, 'contacts', cursor);
    // 30 minutes back from 12:00 reaches p4 and p5 only.
    expect(unchanged.flatMap((batch) => batch.records.map((record) => record.ref.externalId))).toEqual([
      'p4',
      'p5',
    ]);
    expect(unchanged.at(-1)!.cursor).toEqual(cursor);
    await bq.client.bigquery.query({
      query: 'UPDATE crm.people SET first_name = @name, updated_at = @at WHERE id = @id',
      params: { name: 'Bobby', at: new Date('2026-01-01T13:00:00Z'), id: 'p2' },
    });
    const changed = (await readAll(source, 'contacts', cursor)).flatMap((batch) => batch.records);
    expect(changed.map((record) => record.ref.externalId)).toEqual(['p4', 'p5', 'p2']);
    expect(changed.at(-1)).toMatchObject({ firstName: 'Bobby', updatedAt: '2026-01-01T13:00:00.000Z' });
  });

  it('reads a configured SQL stream through the same keyset, with values only as parameters', async () => {
    const before = bq.emulator.stats.count('jobs.query');
    const batches = await readAll(source, 'pro_contacts', null);
    expect(batches.flatMap((batch) => batch.records.map((record) => record.ref.externalId))).toEqual([
      'p1',
      'p4',
      'p5',
    ]);
    // One count of unreachable rows, then pages of 2 until a short page.
    expect(bq.emulator.stats.count('jobs.query') - before).toBe(3);
  });
});
