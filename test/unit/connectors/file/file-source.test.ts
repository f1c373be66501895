import { appendFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FileStreamConfig, fileConnectorConfigSchema } from '../../../../connectors/file/config.ts';
import { FileSourceConnector } from '../../../../connectors/file/file-source.ts';
import { FixedClock } from '../../../../core/clock.ts';
import type { Cursor, SourceBatch } from '../../../../core/connectors/source.ts';
import { silentLogger } from '../../../../core/logger.ts';

const context = { clock: new FixedClock('2025-07-01T00:00:00Z'), logger: silentLogger() };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scorebridge-file-source-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function connector(
  streams: Record<string, FileStreamConfig>,
  options: { batchSize?: number; readChunkBytes?: number } = {},
) {
  const config = fileConnectorConfigSchema.parse({ type: 'file', batchSize: options.batchSize, streams });
  return new FileSourceConnector('files', config, { configDir: dir, readChunkBytes: options.readChunkBytes });
}

async function readAll(
  source: FileSourceConnector,
  stream: string,
  cursor: Cursor | null = null,
): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = [];
  for await (const batch of source.read(stream, cursor, context)) batches.push(batch);
  return batches;
}

const ids = (batches: readonly SourceBatch[]): string[] =>
  batches.flatMap((batch) => batch.records.map((record) => record.ref.externalId));

describe('FileSourceConnector: CSV quarantine', () => {
  it('quarantines bad rows with exact lines (after a multi-line quoted field) and imports the rest', async () => {
    writeFileSync(
      join(dir, 'accounts.csv'),
      [
        'id,name,mrr,notes',
        'a1,Acme,100,"renewal due',
        'call in March"',
        'a2,Beta,twelve,',
        'a3,"Gamma,10,unclosed',
        'a4,Delta,40,ok',
        'a5,Eps,50',
        'a6,Zeta,60,"said ""yes"""',
        '',
      ].join('\n'),
    );
    const batches = await readAll(
      connector({ accounts: { kind: 'account', path: 'accounts.csv' } }),
      'accounts',
    );
    expect(ids(batches)).toEqual(['a1', 'a4', 'a6']);
    const rejected = batches.flatMap((batch) => batch.rejected);
    expect(rejected.map((rejection) => rejection.location)).toEqual([
      { file: 'accounts.csv', line: 4, column: 'mrr', recordId: 'a2' },
      { file: 'accounts.csv', line: 5 },
      { file: 'accounts.csv', line: 7 },
    ]);
    expect(rejected[0]).toMatchObject({
      reason: "line 4, column 'mrr': expected a number, got 'twelve'",
      raw: 'a2,Beta,twelve,',
    });
    expect(rejected[1]!.reason).toMatch(/^line 5, /);
    expect(rejected[1]!.raw).toBe('a3,"Gamma,10,unclosed');
    expect(rejected[2]!.reason).toBe('line 7, expected 4 columns as in the header, found 3');
    const a1 = batches[0]!.records[0]!;
    expect(a1).toMatchObject({ kind: 'account', name: 'Acme', mrr: 100 });
  });

  it('skips a UTF-8 byte order mark and reads TSV files', async () => {
    writeFileSync(join(dir, 'contacts.tsv'), '\uFEFFid\temail\tcity\nc1\tann@example.com\tMálaga\n');
    const batches = await readAll(
      connector({ contacts: { kind: 'contact', path: 'contacts.tsv' } }),
      'contacts',
    );
    expect(batches[0]!.records[0]).toMatchObject({
      ref: { externalId: 'c1' },
      email: 'ann@example.com',
      city: 'Málaga',
    });
  });

  it('reads Windows-1252 files when told, and quarantines rows that are not valid UTF-8', async () => {
    writeFileSync(join(dir, 'contacts.csv'), Buffer.from('id,city\nc1,M\xe1laga\n', 'latin1'));
    const asUtf8 = connector({ contacts: { kind: 'contact', path: 'contacts.csv', properties: ['city'] } });
    const garbled = await readAll(asUtf8, 'contacts');
    expect(ids(garbled)).toEqual([]);
    expect(garbled[0]!.rejected[0]!.reason).toContain('set encoding: windows-1252');
    expect(garbled[0]!.rejected[0]!.raw).toBe('c1,M\uFFFDlaga');
    const asLatin = connector({
      contacts: { kind: 'contact', path: 'contacts.csv', encoding: 'windows-1252' },
    });
    const batches = await readAll(asLatin, 'contacts');
    expect(batches[0]!.records[0]).toMatchObject({ city: 'Málaga' });
  });

  it('refuses a file whose header row cannot be read', async () => {
    writeFileSync(join(dir, 'contacts.csv'), 'id,"email\nc1,a@b.co\n');
    await expect(
      readAll(connector({ contacts: { kind: 'contact', path: 'contacts.csv' } }), 'contacts'),
    ).rejects.toThrow(/cannot read the header row \(line 1\)/);
  });

  it('says which file is missing', async () => {
    const source = connector({ contacts: { kind: 'contact', path: 'nope.csv' } });
    await expect(readAll(source, 'contacts')).rejects.toThrow(/file not found: .*nope\.csv/);
  });

  it('stops the stream with a clear message when a mapped column is missing from the header', async () => {
    writeFileSync(join(dir, 'events.csv'), 'email,type\nann@example.com,login\n');
    await expect(
      readAll(connector({ events: { kind: 'event', path: 'events.csv' } }), 'events'),
    ).rejects.toThrow(/no column for required field 'occurredAt'/);
  });
});

describe('FileSourceConnector: JSONL', () => {
  it('rejects a bad line with its number, keeps new event names, gives id-less events stable ids, and re-reads identically', async () => {
    writeFileSync(
      join(dir, 'events.jsonl'),
      [
        '{"email":"ann@example.com","type":"Logged in","ts":"2025-01-01T10:00:00Z"}',
        '{"email":"bob@example.com","type":"login","ts":',
        '',
        '{"email":"bob@example.com","type":"page_view","ts":1735725600,"value":3}',
        '{"email":"cy@example.com","type":"teleport","ts":"2025-01-01"}',
      ].join('\n'),
    );
    const streams: Record<string, FileStreamConfig> = {
      events: {
        kind: 'event',
        path: 'events.jsonl',
        columns: { occurredAt: 'ts' },
        eventTypes: { 'Logged in': 'login' },
      },
    };
    const first = await readAll(connector(streams), 'events');
    const rejected = first.flatMap((batch) => batch.rejected);
    expect(rejected.map((rejection) => rejection.location.line)).toEqual([2]);
    expect(rejected[0]!.reason).toMatch(/^line 2, invalid JSON/);
    const records = first.flatMap((batch) => batch.records);
    expect(records.map((record) => record.kind === 'event' && [record.type, record.occurredAt])).toEqual([
      ['login', '2025-01-01T10:00:00.000Z'],
      ['page_view', '2025-01-01T10:00:00.000Z'],
      ['teleport', '2025-01-01T00:00:00.000Z'],
    ]);
    expect(new Set(ids(first)).size).toBe(3);
    const second = await readAll(connector(streams), 'events');
    expect(second.flatMap((batch) => batch.records)).toEqual(records);
  });
});

describe('FileSourceConnector: cursor', () => {
  const rows = 400;
  function writeContacts(): void {
    const lines = ['id,email,notes'];
    for (let index = 1; index <= rows; index++) {
      // Every 50th row is bad, every 7th has a two-line note: line numbers drift from row numbers.
      const email = index % 50 === 0 ? 'broken' : `user${index}@example.com`;
      const notes = index % 7 === 0 ? `"two\nlines"` : 'one line';
      lines.push(`c${index},${email},${notes}`);
    }
    writeFileSync(join(dir, 'contacts.csv'), `${lines.join('\n')}\n`);
  }
  const streams: Record<string, FileStreamConfig> = { contacts: { kind: 'contact', path: 'contacts.csv' } };

  it('cuts batches on record boundaries with resumable cursors; resuming yields exactly the remaining rows', async () => {
    writeContacts();
    const source = connector(streams, { batchSize: 40, readChunkBytes: 512 });
    const all = await readAll(source, 'contacts');
    expect(all.length).toBeGreaterThan(5);
    expect(ids(all)).toHaveLength(rows - rows / 50);
    const allLines = all.flatMap((batch) => batch.rejected.map((rejection) => rejection.location.line));

    // Simulated crash: batches 0..2 were committed with their cursors, then the process died.
    const committed: SourceBatch[] = [];
    for await (const batch of source.read('contacts', null, context)) {
      committed.push(batch);
      if (committed.length === 3) break;
    }
    const resumed = await readAll(source, 'contacts', committed[2]!.cursor);
    expect([...ids(committed), ...ids(resumed)]).toEqual(ids(all));
    const resumedLines = resumed.flatMap((batch) =>
      batch.rejected.map((rejection) => rejection.location.line),
    );
    const committedLines = committed.flatMap((batch) =>
      batch.rejected.map((rejection) => rejection.location.line),
    );
    expect([...committedLines, ...resumedLines]).toEqual(allLines);
    // Row i sits on line 1 (header) + i + one extra line per two-line note before it.
    const expectedLines = [50, 100, 150, 200, 250, 300, 350, 400].map(
      (row) => 1 + row + Math.floor((row - 1) / 7),
    );
    expect(allLines).toEqual(expectedLines);
  });

  it('skips a completely imported file that has not changed, and re-reads it from the start once it has', async () => {
    writeContacts();
    const source = connector(streams, { batchSize: 1000 });
    const first = await readAll(source, 'contacts');
    const finalCursor = first.at(-1)!.cursor;
    expect(finalCursor).toMatchObject({ complete: true });
    expect(await readAll(source, 'contacts', finalCursor)).toEqual([]);

    appendFileSync(join(dir, 'contacts.csv'), 'c9999,new@example.com,late\n');
    utimesSync(join(dir, 'contacts.csv'), new Date('2030-01-01'), new Date('2030-01-01'));
    const again = await readAll(source, 'contacts', finalCursor);
    expect(ids(again)).toEqual([...ids(first), 'c9999']);
  });

  it('starts over when handed a cursor from something else', async () => {
    writeContacts();
    const source = connector(streams);
    const batches = await readAll(source, 'contacts', { page: 3 });
    expect(ids(batches)).toHaveLength(rows - rows / 50);
  });

  it('stops when the sync is aborted', async () => {
    writeContacts();
    const controller = new AbortController();
    controller.abort();
    const source = connector(streams);
    const read = async () => {
      for await (const _ of source.read('contacts', null, { ...context, signal: controller.signal })) {
        // draining
      }
    };
    await expect(read()).rejects.toThrow();
  });
});
