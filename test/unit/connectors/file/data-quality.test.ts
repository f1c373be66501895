import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FileStreamConfig, fileConnectorConfigSchema } from '../../../../connectors/file/config.ts';
import { FileSourceConnector } from '../../../../connectors/file/file-source.ts';
import { FixedClock } from '../../../../core/clock.ts';
import type { RejectedRecord, SourceBatch } from '../../../../core/connectors/source.ts';
import { createLogger } from '../../../../core/logger.ts';

const clock = new FixedClock('2025-07-01T00:00:00Z');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scorebridge-file-quality-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function connector(
  streams: Record<string, FileStreamConfig>,
  options: { batchSize?: number; readChunkBytes?: number; maxFieldBytes?: number } = {},
) {
  const config = fileConnectorConfigSchema.parse({
    type: 'file',
    batchSize: options.batchSize,
    maxFieldBytes: options.maxFieldBytes,
    streams,
  });
  return new FileSourceConnector('files', config, { configDir: dir, readChunkBytes: options.readChunkBytes });
}

async function readAll(
  source: FileSourceConnector,
  stream: string,
  log: string[] = [],
): Promise<SourceBatch[]> {
  const logger = createLogger({
    destination: new Writable({
      write: (chunk, _encoding, done) => {
        log.push(String(chunk));
        done();
      },
    }),
  });
  const batches: SourceBatch[] = [];
  for await (const batch of source.read(stream, null, { clock, logger })) batches.push(batch);
  return batches;
}

const records = (batches: readonly SourceBatch[]) => batches.flatMap((batch) => batch.records);
const rejected = (batches: readonly SourceBatch[]): RejectedRecord[] =>
  batches.flatMap((batch) => batch.rejected);
const contacts = (options: Partial<FileStreamConfig> = {}) =>
  connector({ contacts: { kind: 'contact', path: 'contacts.csv', ...options } });

describe('file connector: line endings', () => {
  it('imports a CR-only file row by row, with the right line numbers', async () => {
    const rows = [
      'id,email,first_name',
      'c1,ann@example.com,Ann',
      'c2,bo@example.com,"Bo\rBo"',
      'c3,cy@x.io,',
    ];
    writeFileSync(join(dir, 'contacts.csv'), `${rows.join('\r')}\r`);
    for (const readChunkBytes of [undefined, 7]) {
      const source = connector(
        { contacts: { kind: 'contact', path: 'contacts.csv' } },
        readChunkBytes ? { readChunkBytes } : {},
      );
      const batches = await readAll(source, 'contacts');
      expect(records(batches).map((record) => record.ref.externalId)).toEqual(['c1', 'c2', 'c3']);
      expect(records(batches)[1]).toMatchObject({ email: 'bo@example.com', firstName: 'Bo\rBo' });
      expect(rejected(batches)).toEqual([]);
    }
  });

  it('reports a bad row of a CR-only file on its own line, quoting no other row', async () => {
    const good = Array.from({ length: 2000 }, (_, i) => `c${i},person${i}@example.com,Person ${i}`);
    writeFileSync(
      join(dir, 'contacts.csv'),
      ['id,email,first_name', ...good, 'c-bad,"x@example.com', 'c-last,z@example.com,Z'].join('\r'),
    );
    const batches = await readAll(contacts(), 'contacts');
    expect(records(batches)).toHaveLength(2001);
    const [bad] = rejected(batches);
    expect(bad!.location).toEqual({ file: 'contacts.csv', line: 2002 });
    expect(bad!.raw).toBe('c-bad,"x@example.com');
    expect(bad!.reason).not.toContain('person1@example.com');
  });
});

describe('file connector: unsafe cells', () => {
  it('quarantines a cell over maxFieldBytes, naming the column and line, and keeps the message short', async () => {
    const huge = 'N'.repeat(2 * 1024 * 1024);
    writeFileSync(
      join(dir, 'contacts.csv'),
      `id,first_name,email\nc1,Ann,ann@example.com\nc2,${huge},bo@example.com\nc3,Cy,cy@example.com\n`,
    );
    const batches = await readAll(contacts(), 'contacts');
    expect(records(batches).map((record) => record.ref.externalId)).toEqual(['c1', 'c3']);
    const [big] = rejected(batches);
    expect(big!.location).toEqual({ file: 'contacts.csv', line: 3, column: 'first_name' });
    expect(big!.reason).toBe(
      "line 3, column 'first_name': the value is 2 MiB, over the 1 MiB limit (maxFieldBytes on the stream or connector)",
    );
    expect(big!.raw.length).toBeLessThan(1200);

    const small = connector({ contacts: { kind: 'contact', path: 'contacts.csv' } }, { maxFieldBytes: 1024 });
    writeFileSync(join(dir, 'contacts.csv'), `id,first_name\nc1,${'é'.repeat(600)}\nc2,${'e'.repeat(600)}\n`);
    const limited = await readAll(small, 'contacts');
    expect(records(limited).map((record) => record.ref.externalId)).toEqual(['c2']);
    expect(rejected(limited)[0]!.reason).toContain('1.2 KiB, over the 1 KiB limit');
  });

  it('quarantines a large quoted multi-line field on the line it starts, and imports the rows after it', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `note line ${i} `.repeat(50));
    writeFileSync(join(dir, 'contacts.csv'), `id,notes\nc1,"${lines.join('\n')}"\nc2,ok\n`);
    const source = connector(
      { contacts: { kind: 'contact', path: 'contacts.csv', properties: ['notes'] } },
      { maxFieldBytes: 4096, readChunkBytes: 1024 },
    );
    const batches = await readAll(source, 'contacts');
    expect(records(batches).map((record) => record.ref.externalId)).toEqual(['c2']);
    expect(rejected(batches)[0]!.location).toEqual({ file: 'contacts.csv', line: 2, column: 'notes' });
    expect(rejected(batches)[0]!.reason).toMatch(/the value is [\d.]+ KiB, over the 4 KiB limit/);
  });

  it('quarantines NUL characters with their line and column, in CSV and JSONL', async () => {
    writeFileSync(join(dir, 'contacts.csv'), 'id,first_name\nc1,Ann\nc\u00002,Bo\nc3,C\u0000y\nc4,Di\n');
    const batches = await readAll(contacts(), 'contacts');
    expect(records(batches).map((record) => record.ref.externalId)).toEqual(['c1', 'c4']);
    expect(
      rejected(batches).map((rejection) => [rejection.location.line, rejection.location.column]),
    ).toEqual([
      [3, 'id'],
      [4, 'first_name'],
    ]);
    expect(rejected(batches)[0]!.reason).toBe(
      "line 3, column 'id': holds a NUL character (byte 0, at character 2), which is not text; remove it from the file",
    );

    writeFileSync(join(dir, 'contacts.jsonl'), '{"id":"c1"}\n{"id":"c2","first_name":"B\\u0000o"}\n');
    const jsonl = await readAll(
      connector({ contacts: { kind: 'contact', path: 'contacts.jsonl' } }),
      'contacts',
    );
    expect(records(jsonl).map((record) => record.ref.externalId)).toEqual(['c1']);
    expect(rejected(jsonl)[0]!.location).toMatchObject({ line: 2, column: 'first_name' });
  });

  it('quarantines invalid UTF-8 on the right line and keeps a real U+FFFD', async () => {
    const text = Buffer.concat([
      Buffer.from('id,first_name\nc1,Ann\nc2,"Multi\nline"\nc3,B'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('o\nc4,Real \uFFFD sign\nc5,Cy\n'),
    ]);
    writeFileSync(join(dir, 'contacts.csv'), text);
    for (const readChunkBytes of [undefined, 5]) {
      const source = connector(
        { contacts: { kind: 'contact', path: 'contacts.csv' } },
        readChunkBytes ? { readChunkBytes } : {},
      );
      const batches = await readAll(source, 'contacts');
      expect(records(batches).map((record) => record.ref.externalId)).toEqual(['c1', 'c2', 'c4', 'c5']);
      expect(records(batches)[2]).toMatchObject({ firstName: 'Real \uFFFD sign' });
      const [bad] = rejected(batches);
      expect(bad!.location).toEqual({ file: 'contacts.csv', line: 5, column: 'first_name' });
      expect(bad!.reason).toContain('not valid UTF-8 (at character 2)');
      expect(bad!.raw).toBe('c3,B\uFFFD\uFFFDo');
    }
  });

  it('stops with a short message when the header row itself is damaged', async () => {
    writeFileSync(join(dir, 'contacts.csv'), 'id,na\u0000me\nc1,Ann\n');
    await expect(readAll(contacts(), 'contacts')).rejects.toThrow(
      /cannot read the header row \(line 1\): column 2 holds a NUL character/,
    );
  });
});

describe('file connector: duplicate ids in one file', () => {
  it('keeps the row with the newest updated_at, whatever the order, and names the ids and lines', async () => {
    writeFileSync(
      join(dir, 'contacts.csv'),
      [
        'id,first_name,updated_at',
        'c1,Newest,2025-03-01',
        'c2,Old,2025-01-01',
        'c1,Older,2025-02-01',
        'c2,New,2025-02-01',
        'c3,Only,2025-01-01',
        '',
      ].join('\n'),
    );
    // One row per batch: the earlier rows are already committed when the duplicates arrive.
    const source = connector({ contacts: { kind: 'contact', path: 'contacts.csv' } }, { batchSize: 1 });
    const log: string[] = [];
    const batches = await readAll(source, 'contacts', log);
    const stored = new Map<string, unknown>();
    for (const record of records(batches))
      stored.set(record.ref.externalId, (record as { firstName?: unknown }).firstName);
    expect(Object.fromEntries(stored)).toEqual({ c1: 'Newest', c2: 'New', c3: 'Only' });
    expect(records(batches).map((record) => (record as { firstName?: unknown }).firstName)).not.toContain(
      'Older',
    );
    const text = log.join('');
    expect(text).toContain("id 'c1' is on lines 2 and 4; kept line 2");
    expect(text).toContain("id 'c2' is on lines 3 and 5; kept line 5");
    expect(text).toContain('2 rows repeat ids of earlier rows in contacts.csv');
  });
});

describe('file connector: implausible dates', () => {
  it('rejects -1, 0 and years outside 1900-2099 with a clear message', async () => {
    writeFileSync(
      join(dir, 'contacts.csv'),
      [
        'id,created_at',
        'c1,-1',
        'c2,0',
        'c3,1066-10-14',
        'c4,2999-01-01',
        'c5,1900-01-01',
        'c6,1740821400',
        'c7,2099-12-31T23:59:59Z',
        '',
      ].join('\n'),
    );
    const batches = await readAll(contacts(), 'contacts');
    expect(records(batches).map((record) => record.ref.externalId)).toEqual(['c5', 'c6', 'c7']);
    const reasons = rejected(batches).map((rejection) => rejection.reason);
    expect(reasons[0]).toBe(
      "line 2, column 'created_at': '-1' is not a plausible timestamp: zero and negative numbers are placeholders, not dates; leave the cell empty when there is no date (or set dateFormat: epoch_s to read them as seconds from 1970)",
    );
    expect(reasons[1]).toContain("'0' is not a plausible timestamp");
    expect(reasons[2]).toBe(
      "line 4, column 'created_at': '1066-10-14' is not a plausible timestamp: it reads as 1066-10-14, and dates must fall in the years 1900 to 2099",
    );
    expect(reasons[3]).toContain('it reads as 2999-01-01');
  });
});

describe('file connector: error messages quote no rows', () => {
  it('lists a few header names, cut short, when a mapped column is missing', async () => {
    const header = ['id', ...Array.from({ length: 200 }, (_, i) => `column_${i}_${'x'.repeat(100)}`)];
    writeFileSync(join(dir, 'contacts.csv'), `${header.join(',')}\nc1\n`);
    const source = connector({
      contacts: { kind: 'contact', path: 'contacts.csv', columns: { email: 'E-mail' } },
    });
    const error = await readAll(source, 'contacts').catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain("column 'E-mail' (for email) is not in the file");
    expect(message).toContain('... and 181 more');
    expect(message.length).toBeLessThan(1200);
  });
});
