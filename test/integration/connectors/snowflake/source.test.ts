import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnowflakeSource } from '../../../../connectors/snowflake/index.ts';
import { FixedClock } from '../../../../core/clock.ts';
import type { Cursor, SourceBatch } from '../../../../core/connectors/source.ts';
import { createLogger } from '../../../../core/logger.ts';
import { type SnowflakeEmulator, startSnowflakeEmulator } from '../../../../emulators/snowflake/index.ts';
import { connect, emulatorConfig } from './fixtures.ts';

let emulator: SnowflakeEmulator;
const context = { clock: new FixedClock('2026-03-01T00:00:00Z'), logger: createLogger({ level: 'silent' }) };

beforeAll(async () => {
  // Small result pages so every read also exercises chunk downloads while streaming.
  emulator = await startSnowflakeEmulator({ inlineRows: 2, chunkRows: 3 });
  const client = await connect(emulatorConfig(emulator));
  await client.execute(
    'CREATE TABLE CONTACTS (ID NUMBER, EMAIL VARCHAR, FIRST_NAME VARCHAR, ACCOUNT_ID VARCHAR, SEGMENT VARCHAR, UPDATED_AT TIMESTAMP_NTZ)',
  );
  await client.execute('INSERT INTO CONTACTS VALUES (?, ?, ?, ?, ?, ?)', [
    [1, 'ana@example.com', 'Ana', 'a1', 'smb', '2026-01-01T10:00:00.000Z'],
    [2, 'ben@example.com', 'Ben', null, 'ent', '2026-01-01T10:00:00.000Z'],
    [3, 'not-an-email', 'Cy', null, 'smb', '2026-01-01T11:00:00.000Z'],
    [4, 'dee@example.com', 'Dee', 'a2', 'mid', '2026-01-01T12:00:00.000Z'],
  ]);
  await client.close();
});
afterAll(async () => {
  await emulator.close();
});

async function readAll(cursor: Cursor | null, extra: Record<string, unknown> = {}): Promise<SourceBatch[]> {
  const config = emulatorConfig(emulator, {
    batchSize: 2,
    streams: { contacts: { kind: 'contact', table: 'contacts', properties: ['segment'] } },
    ...extra,
  });
  const batches: SourceBatch[] = [];
  for await (const batch of createSnowflakeSource('warehouse', config).read('contacts', cursor, context))
    batches.push(batch);
  return batches;
}

describe('Snowflake source (through snowflake-sdk against the emulator)', () => {
  it('reads everything in keyset order, rejects bad rows with their id, and ends on the last cursor', async () => {
    const batches = await readAll(null);
    const records = batches.flatMap((b) => b.records);
    expect(records.map((r) => r.ref.externalId)).toEqual(['1', '2', '4']);
    expect(records[0]).toMatchObject({
      kind: 'contact',
      email: 'ana@example.com',
      firstName: 'Ana',
      account: { system: 'warehouse', objectType: 'accounts', externalId: 'a1' },
      properties: { segment: 'smb' },
      updatedAt: '2026-01-01T10:00:00.000Z',
    });
    const rejected = batches.flatMap((b) => b.rejected);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.location).toMatchObject({ recordId: '3', column: 'EMAIL' });
    expect(rejected[0]!.reason).toContain('contacts 3: email');
    expect(batches.at(-1)!.cursor).toEqual({ version: 1, updatedAt: '2026-01-01T12:00:00.000Z', id: '4' });
  });

  it('resumes after the cursor without look-back, and re-reads the look-back window with it', async () => {
    const cursor = { version: 1, updatedAt: '2026-01-01T10:00:00.000Z', id: '1' };
    const strict = await readAll(cursor, { lookbackMinutes: 0 });
    expect(strict.flatMap((b) => b.records).map((r) => r.ref.externalId)).toEqual(['2', '4']);

    const client = await connect(emulatorConfig(emulator));
    // A row committed late with a timestamp before the cursor: only the look-back finds it.
    await client.execute('INSERT INTO CONTACTS VALUES (?, ?, ?, ?, ?, ?)', [
      5,
      'eve@example.com',
      'Eve',
      null,
      'smb',
      '2026-01-01T11:55:00.000Z',
    ]);
    await client.close();
    const latest = { version: 1, updatedAt: '2026-01-01T12:00:00.000Z', id: '4' };
    expect((await readAll(latest, { lookbackMinutes: 0 })).flatMap((b) => b.records)).toEqual([]);
    const withLookback = await readAll(latest, { lookbackMinutes: 10 });
    expect(withLookback.flatMap((b) => b.records).map((r) => r.ref.externalId)).toEqual(['5', '4']);
    expect(withLookback.at(-1)!.cursor).toEqual(latest);
  });

  it('reads a stream defined by SQL with column mapping, values bound not spliced', async () => {
    const batches = await readAll(null, {
      streams: {
        contacts: {
          kind: 'contact',
          sql: "SELECT ID AS CONTACT_KEY, EMAIL AS MAIL, UPDATED_AT AS CHANGED FROM CONTACTS WHERE SEGMENT = 'smb'",
          idColumn: 'contact_key',
          updatedAtColumn: 'changed',
          columns: { email: 'mail' },
        },
      },
    });
    expect(
      batches.flatMap((b) => b.records).map((r) => [r.ref.externalId, 'email' in r ? r.email : null]),
    ).toEqual([
      ['1', 'ana@example.com'],
      ['5', 'eve@example.com'],
    ]);
  });
});
